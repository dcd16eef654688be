namespace Venice.Sim.Tests.Architecture;

/// <summary>
/// Finds the cycles of a directed graph: Tarjan's strongly connected components, then one concrete cycle
/// through each component of more than one node, so a failure names a path a reader can follow
/// (A -> B -> C -> A) rather than only a set.
/// </summary>
internal static class CycleFinder
{
    /// <summary>One cycle per non-trivial strongly connected component, each starting and ending at its smallest node.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected(graph).Where(c => c.Count > 1))
        {
            string start = component.Min(StringComparer.Ordinal)!;
            cycles.Add(PathBack(graph, start, component));
        }
        return cycles;
    }

    /// <summary>The shortest path start -> ... -> start inside the component (breadth first, so it is the simplest to read).</summary>
    private static IReadOnlyList<string> PathBack(IReadOnlyDictionary<string, SortedSet<string>> graph, string start, HashSet<string> component)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            string node = queue.Dequeue();
            foreach (string next in Targets(graph, node).Where(component.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (string at = node; at != start; at = parent[at]) path.Add(at);
                    path.Add(start);
                    path.Reverse();
                    return path;
                }
                if (parent.TryAdd(next, node)) queue.Enqueue(next);
            }
        }
        throw new InvalidOperationException($"{start} is in a strongly connected component but on no cycle");
    }

    private static IEnumerable<string> Targets(IReadOnlyDictionary<string, SortedSet<string>> graph, string node) =>
        graph.TryGetValue(node, out var targets) ? targets : Enumerable.Empty<string>();

    private static List<HashSet<string>> StronglyConnected(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (string next in Targets(graph, node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node]) return;
            var component = new HashSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            components.Add(component);
        }

        foreach (string node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }
}
