using System.Reflection;
using System.Xml.Linq;
using PublicApiGenerator;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Api;

/// <summary>
/// The public API of every packaged assembly, checked against the listing in api/ at the repository root:
/// a change to the API is a change to a reviewed file, never an accident.
/// </summary>
[TestFixture]
[Category("Api")]
public sealed class PublicApiTests
{
    private static readonly Assembly[] Packaged =
    [
        typeof(Venice.Core.ServerId).Assembly,
        typeof(WorldBuilder).Assembly,
        typeof(Venice.Sim.Coyote.CoyoteExplorer).Assembly,
        typeof(Venice.Sim.FsCheck.VeniceGen).Assembly,
        typeof(Venice.Storage.RocksDb.RocksDbStorageEngine).Assembly,
    ];

    private static IEnumerable<TestCaseData> Assemblies() =>
        Packaged.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    /// <summary>
    /// Public types still without a summary, each in a folder this branch does not own (Venice.Sim/Scenarios
    /// belongs to the scenarios work). Shrink this list as they gain one; the test fails on a type missing
    /// from it, and on one listed here that has gained a summary, so the list never goes stale.
    /// </summary>
    private static readonly string[] KnownUndocumented = [];

    private static string Name(Assembly assembly) => assembly.GetName().Name!;

    [TestCaseSource(nameof(Assemblies))]
    public void The_public_api_is_the_approved_listing(Assembly assembly)
    {
        // Assembly attributes (InternalsVisibleTo, Coyote's rewriting signature, the target framework) are
        // build facts, not API; leaving them out keeps the listing about what a user can call.
        string api = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        string directory = Path.Combine(LibraryScenario.RepositoryRoot, "api");
        string approvedPath = Path.Combine(directory, $"{Name(assembly)}.approved.txt");
        string receivedPath = Path.Combine(directory, $"{Name(assembly)}.received.txt");
        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == api)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, api);
        Assert.Fail($"The public API of {Name(assembly)} differs from {approvedPath}" +
                    (approved is null ? " (no approved listing yet)" : "") +
                    $". The API as built is in {receivedPath}; if the change is intended, accept it with:\n" +
                    $"  cp api/{Name(assembly)}.received.txt api/{Name(assembly)}.approved.txt");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Every_public_type_has_an_xml_doc_summary(Assembly assembly)
    {
        string docPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.That(File.Exists(docPath), Is.True, $"{docPath}: the XML doc file must ship beside the assembly");
        var summaries = XDocument.Load(docPath).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value))
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        // C# 14 extension blocks compile to public marker types with unspeakable names (<G>$...); a user cannot
        // name them and their members are documented on the block, so they are not types to document.
        var types = assembly.GetExportedTypes()
            .Where(t => !t.FullName!.Contains('<', StringComparison.Ordinal))
            .Select(t => "T:" + t.FullName!.Replace('+', '.')).ToArray();
        var undocumented = types.Where(id => !summaries.Contains(id)).Order(StringComparer.Ordinal).ToArray();

        Assert.That(undocumented.Except(KnownUndocumented), Is.Empty, $"public types of {Name(assembly)} without a <summary>");
        Assert.That(KnownUndocumented.Intersect(types).Except(undocumented), Is.Empty,
            "these now have a <summary>: remove them from KnownUndocumented");
    }

    /// <summary>Line endings and trailing whitespace are checkout details, not API.</summary>
    private static string Normalize(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).Trim() + "\n";
}
