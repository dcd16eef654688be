using NUnit.Framework;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Tracing;

public sealed class The_atomic_file
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("atomic-file-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Replaces_the_target_on_commit_and_leaves_no_temporary_file()
    {
        var target = Path.Combine(directory, "trace.jsonl");
        File.WriteAllText(target, "old");

        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("new"u8);
            file.Commit();
        }

        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(directory), Is.EqualTo(new[] { target }));
    }

    [Test]
    public void Syncs_the_directory_on_commit_so_the_rename_survives_a_power_loss_on_linux()
    {
        var target = Path.Combine(directory, "trace.jsonl");
        using var file = AtomicFile.Create(target);
        file.Stream.Write("bytes"u8);

        file.Commit();

        Assert.That(file.DirectorySynced, Is.EqualTo(OperatingSystem.IsLinux()));
    }

    [Test]
    public void Leaves_the_old_target_and_no_temporary_file_when_disposed_without_commit()
    {
        var target = Path.Combine(directory, "trace.jsonl");
        File.WriteAllText(target, "old");

        using (var file = AtomicFile.Create(target))
        {
            file.Stream.Write("partial"u8);
        }

        Assert.That(File.ReadAllText(target), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(directory), Is.EqualTo(new[] { target }));
    }

    [Test]
    public void Writes_all_text_as_utf8_without_a_byte_order_mark_replacing_the_old_file_whole()
    {
        string target = Path.Combine(directory, "page.md");
        File.WriteAllText(target, "old and longer than the new text");

        AtomicFile.WriteAllText(target, "new é");

        Assert.That(File.ReadAllBytes(target), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes("new é")));
        Assert.That(Directory.GetFiles(directory), Is.EqualTo(new[] { target }), "no temporary file left");
    }

    [Test]
    public void Refuses_a_device_as_its_target_before_anything_is_written()
    {
        Assume.That(File.Exists("/dev/null"), "needs a Unix device file");

        Assert.That(() => AtomicFile.Create("/dev/null"), Throws.InstanceOf<IOException>().With.Message.Contains("not a regular file"));
    }
}
