namespace Venice.Sim.Tests.Architecture;

/// <summary>
/// Venice.Sim's namespaces form layers (docs/design.md §2): a namespace may use the ones below it, never one
/// above, so the dependency graph has no cycle. The graph is read from the built assembly, method bodies
/// included, so a <c>new InvariantMonitor(...)</c> hidden in a constructor counts.
/// </summary>
[TestFixture]
[Category("Architecture")]
public sealed class NamespaceLayeringTests
{
    private static SortedDictionary<string, SortedSet<string>> SimGraph() =>
        NamespaceGraph.Read(typeof(WorldBuilder).Assembly.Location, "Venice.Sim");

    [Test]
    public void Venice_Sim_namespaces_have_no_dependency_cycle()
    {
        var graph = NamespaceGraph.Read(typeof(WorldBuilder).Assembly.Location, "Venice.Sim", out var witnesses);
        var cycles = CycleFinder.Cycles(graph);
        // Each edge on a cycle, with the type references that make it: the failure says what to move.
        string why = string.Join("\n", cycles
            .SelectMany(c => c.Zip(c.Skip(1)))
            .Distinct()
            .Select(e => $"  {e.First} -> {e.Second}:\n" + string.Join("\n", witnesses[e].Select(w => "    " + w))));
        string edges = string.Join("\n", graph.Select(kv => $"  {kv.Key} -> {string.Join(", ", kv.Value)}"));
        Assert.That(cycles.Select(c => string.Join(" -> ", c)), Is.Empty,
            $"namespace dependency cycles in Venice.Sim; the edges on them:\n{why}\nthe whole graph:\n{edges}");
    }

    [Test]
    public void The_graph_sees_references_made_only_in_method_bodies()
    {
        // Running builds worlds and runs them; if the reader missed method bodies this edge could vanish
        // and the cycle test would pass vacuously.
        var graph = SimGraph();
        Assert.That(graph.Keys, Does.Contain("Venice.Sim.World"));
        Assert.That(graph["Venice.Sim.Running"], Does.Contain("Venice.Sim.World"));
    }

    [Test]
    public void The_cycle_finder_names_a_cycle_in_a_hand_made_graph()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"), ("E", "D"));
        var cycles = CycleFinder.Cycles(graph).Select(c => string.Join(" -> ", c)).Order(StringComparer.Ordinal);
        Assert.That(cycles, Is.EqualTo(new[] { "A -> B -> C -> A", "D -> E -> D" }));
    }

    [Test]
    public void The_cycle_finder_finds_none_in_a_layered_graph()
    {
        var graph = Graph(("Top", "Middle"), ("Top", "Bottom"), ("Middle", "Bottom"));
        Assert.That(CycleFinder.Cycles(graph), Is.Empty);
    }

    private static Dictionary<string, SortedSet<string>> Graph(params (string From, string To)[] edges)
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            if (!graph.TryGetValue(from, out var targets)) graph[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
            targets.Add(to);
            graph.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal));
        }
        return graph;
    }
}
