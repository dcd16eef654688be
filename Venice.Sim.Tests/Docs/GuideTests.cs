using System.Text.RegularExpressions;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Docs;

/// <summary>docs/guide.md shows the samples' code: each of its C# blocks names a sample file and appears in it verbatim.</summary>
public sealed partial class GuideTests
{
    [GeneratedRegex(@"```csharp\n// (?<path>samples/[^\n]+)\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Guide => Normalize(File.ReadAllText(Path.Combine(LibraryScenario.RepositoryRoot, "docs", "guide.md")));

    [Test]
    public void Every_csharp_block_of_the_guide_names_the_sample_it_comes_from()
    {
        int blocks = Regex.Matches(Guide, "```csharp").Count;

        Assert.That(blocks, Is.GreaterThanOrEqualTo(4), "the guide walks through at least the four samples");
        Assert.That(SampleBlock().Matches(Guide), Has.Count.EqualTo(blocks), "a C# block without a '// samples/...' first line");
    }

    [Test]
    public void Every_block_of_the_guide_is_the_code_of_its_sample()
    {
        foreach (Match block in SampleBlock().Matches(Guide))
        {
            string path = Path.Combine(LibraryScenario.RepositoryRoot, block.Groups["path"].Value.Trim());
            Assert.That(File.Exists(path), Is.True, $"the guide cites {block.Groups["path"].Value}, which does not exist");
            Assert.That(Normalize(File.ReadAllText(path)), Does.Contain(block.Groups["code"].Value),
                $"the guide's block from {block.Groups["path"].Value} is not the sample's code any more");
        }
    }
}
