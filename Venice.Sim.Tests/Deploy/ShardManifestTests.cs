using Venice.Sim.Tests.Library;
using YamlDotNet.RepresentationModel;

namespace Venice.Sim.Tests.Deploy;

/// <summary>
/// The shipped manifests that spread seeds over an existing engine (docs/sharding.md): the GitHub
/// Actions workflow and the Kubernetes Indexed Job parse as YAML and have the structure that makes
/// N shards run once each and get merged. Each check lists its problems, so a failure says what is wrong.
/// </summary>
[TestFixture]
public sealed class The_shard_manifests
{
    private static readonly string Workflow = Path.Combine(LibraryScenario.RepositoryRoot, ".github", "workflows", "venice-sim-shards.yml");
    private static readonly string ShardJob = Path.Combine(LibraryScenario.RepositoryRoot, "deploy", "k8s", "venice-sim-shards.yaml");
    private static readonly string MergeJob = Path.Combine(LibraryScenario.RepositoryRoot, "deploy", "k8s", "venice-sim-merge.yaml");

    [Test]
    public void The_github_workflow_runs_a_matrix_of_shards_uploads_their_results_and_merges_them()
    {
        Assert.That(WorkflowProblems(File.ReadAllText(Workflow)), Is.Empty);
    }

    [Test]
    public void The_kubernetes_manifest_is_an_indexed_job_with_one_pod_per_shard_indexed_by_job_completion_index()
    {
        Assert.That(IndexedJobProblems(File.ReadAllText(ShardJob)), Is.Empty);
    }

    [Test]
    public void The_kubernetes_merge_job_merges_the_shards_results_from_the_same_volume()
    {
        Assert.That(MergeJobProblems(File.ReadAllText(MergeJob), File.ReadAllText(ShardJob)), Is.Empty);
    }

    [Test]
    public void The_checks_catch_a_matrix_that_disagrees_with_the_shard_count()
    {
        var text = File.ReadAllText(Workflow).Replace("shard: [1, 2, 3, 4]", "shard: [1, 2, 3]", StringComparison.Ordinal);

        Assert.That(WorkflowProblems(text), Has.Some.Contain("matrix"));
    }

    [Test]
    public void The_checks_catch_a_job_that_is_not_indexed_or_runs_more_pods_than_shards()
    {
        var original = File.ReadAllText(ShardJob);

        Assert.That(IndexedJobProblems(original.Replace("completionMode: Indexed", "completionMode: NonIndexed", StringComparison.Ordinal)), Has.Some.Contain("completionMode"));
        Assert.That(IndexedJobProblems(original.Replace("parallelism: 8", "parallelism: 9", StringComparison.Ordinal)), Has.Some.Contain("parallelism"));
        Assert.That(() => IndexedJobProblems(original.Replace("kind: Job", "kind: Job\n  bad: [", StringComparison.Ordinal)), Throws.InstanceOf<YamlDotNet.Core.YamlException>());
    }

    private static List<string> WorkflowProblems(string text)
    {
        var problems = new List<string>();
        var root = Documents(text).Single();
        var jobs = Map(root, "jobs");
        var shard = Map(jobs, "shard");
        var matrix = Sequence(Map(Map(shard, "strategy"), "matrix"), "shard").Select(node => Scalar(node)).ToArray();
        int shards = int.Parse(Scalar(Map(root, "env"), "SHARDS"), System.Globalization.CultureInfo.InvariantCulture);
        if (!matrix.SequenceEqual(Enumerable.Range(1, shards).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            problems.Add($"the matrix of shards [{string.Join(", ", matrix)}] is not 1..{shards} (env SHARDS)");
        }

        if (Scalar(Map(shard, "strategy"), "fail-fast") != "false") problems.Add("shard.strategy.fail-fast must be false, so every shard reports");
        string shardRuns = string.Join("\n", Steps(shard).Select(step => ScalarOrEmpty(step, "run")));
        foreach (var needed in new[] { "venice-sim.dll run", "--seeds \"$SEEDS\"", "--shard \"${{ matrix.shard }}/$SHARDS\"", "--results", "--junit" })
        {
            if (!shardRuns.Contains(needed, StringComparison.Ordinal)) problems.Add($"the shard job's run steps do not contain '{needed}'");
        }

        if (!Steps(shard).Any(step => ScalarOrEmpty(step, "uses").StartsWith("actions/upload-artifact@", StringComparison.Ordinal))) problems.Add("the shard job uploads no artifact");
        var merge = Map(jobs, "merge");
        if (Scalar(merge, "needs") != "shard") problems.Add("the merge job does not need the shard job");
        if (!Steps(merge).Any(step => ScalarOrEmpty(step, "uses").StartsWith("actions/download-artifact@", StringComparison.Ordinal))) problems.Add("the merge job downloads no artifact");
        if (!Steps(merge).Any(step => ScalarOrEmpty(step, "run").Contains("venice-sim.dll merge", StringComparison.Ordinal))) problems.Add("the merge job runs no venice-sim merge");
        return problems;
    }

    private static List<string> IndexedJobProblems(string text)
    {
        var problems = new List<string>();
        var documents = Documents(text);
        var job = documents.Single(d => ScalarOrEmpty(d, "kind") == "Job");
        if (Scalar(job, "apiVersion") != "batch/v1") problems.Add("apiVersion is not batch/v1");
        var spec = Map(job, "spec");
        if (Scalar(spec, "completionMode") != "Indexed") problems.Add("spec.completionMode is not Indexed");
        var container = (YamlMappingNode)Sequence(Map(Map(spec, "template"), "spec"), "containers").Single();
        var env = Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => e);
        int shards = int.Parse(Scalar(env["SHARDS"], "value"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var count in new[] { "completions", "parallelism" })
        {
            if (Scalar(spec, count) != shards.ToString(System.Globalization.CultureInfo.InvariantCulture)) problems.Add($"spec.{count} is {Scalar(spec, count)}, not SHARDS ({shards})");
        }

        if (!env.TryGetValue("JOB_COMPLETION_INDEX", out var index)
            || Scalar(Map(Map(index, "valueFrom"), "fieldRef"), "fieldPath") != "metadata.annotations['batch.kubernetes.io/job-completion-index']")
        {
            problems.Add("env JOB_COMPLETION_INDEX does not come from the job-completion-index annotation");
        }

        string script = string.Join("\n", Sequence(container, "args").Select(node => Scalar(node)));
        foreach (var needed in new[] { "$((JOB_COMPLETION_INDEX + 1))", "--shard \"$shard/$SHARDS\"", "--seeds \"$SEEDS\"", "--results \"/results/", "--junit \"/results/" })
        {
            if (!script.Contains(needed, StringComparison.Ordinal)) problems.Add($"the container's script does not contain '{needed}'");
        }

        string claim = Scalar(Map((YamlMappingNode)Sequence(Map(Map(spec, "template"), "spec"), "volumes").Single(), "persistentVolumeClaim"), "claimName");
        if (!documents.Any(d => ScalarOrEmpty(d, "kind") == "PersistentVolumeClaim" && Scalar(Map(d, "metadata"), "name") == claim)) problems.Add($"no PersistentVolumeClaim named {claim} in the manifest");
        return problems;
    }

    private static List<string> MergeJobProblems(string text, string shardText)
    {
        var problems = new List<string>();
        var job = Documents(text).Single();
        if (Scalar(job, "apiVersion") != "batch/v1" || Scalar(job, "kind") != "Job") problems.Add("not a batch/v1 Job");
        var podSpec = Map(Map(Map(job, "spec"), "template"), "spec");
        string script = string.Join("\n", Sequence((YamlMappingNode)Sequence(podSpec, "containers").Single(), "args").Select(node => Scalar(node)));
        if (!script.Contains("venice-sim.dll merge /results/shards", StringComparison.Ordinal)) problems.Add("the merge job does not merge /results/shards");
        string claim = Scalar(Map((YamlMappingNode)Sequence(podSpec, "volumes").Single(), "persistentVolumeClaim"), "claimName");
        if (!shardText.Contains($"claimName: {claim}", StringComparison.Ordinal)) problems.Add($"the merge job's volume {claim} is not the shards'");
        return problems;
    }

    private static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => Sequence(job, "steps").Cast<YamlMappingNode>();

    private static YamlMappingNode Map(YamlMappingNode parent, string key) => (YamlMappingNode)parent.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Sequence(YamlMappingNode parent, string key) => (YamlSequenceNode)parent.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode parent, string key) => Scalar(parent.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static string ScalarOrEmpty(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
