using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Venice.Sim.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of one assembly, read with Mono.Cecil so that references made only inside
/// method bodies (a <c>new</c>, a call, a field load, a cast) count as much as those in signatures.
/// Compiler-generated nested types (closures, iterators, async state machines) belong to the namespace of the
/// type they are nested in, which is where their code was written.
/// </summary>
internal static class NamespaceGraph
{
    /// <summary>Edges namespace -> namespaces it references, restricted to namespaces starting with <paramref name="prefix"/>.</summary>
    public static SortedDictionary<string, SortedSet<string>> Read(string assemblyPath, string prefix) =>
        Read(assemblyPath, prefix, out _);

    /// <summary>
    /// As <see cref="Read(string, string)"/>, and for each edge the type-level references that make it
    /// ("Venice.Sim.World.SimWorld uses Venice.Sim.Invariants.InvariantMonitor"), so a failure says what to move.
    /// </summary>
    public static SortedDictionary<string, SortedSet<string>> Read(
        string assemblyPath, string prefix, out Dictionary<(string From, string To), SortedSet<string>> witnesses)
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        witnesses = new Dictionary<(string, string), SortedSet<string>>();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (TypeDefinition type in module.GetTypes())
        {
            string from = NamespaceOf(type);
            if (!InScope(from, prefix)) continue;
            if (!graph.TryGetValue(from, out var targets)) graph[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
            foreach (TypeReference referenced in References(type).SelectMany(Expand))
            {
                string to = NamespaceOf(referenced);
                if (to == from || !InScope(to, prefix)) continue;
                targets.Add(to);
                if (!witnesses.TryGetValue((from, to), out var why)) witnesses[(from, to)] = why = new SortedSet<string>(StringComparer.Ordinal);
                why.Add($"{Outer(type).FullName} uses {Outer(referenced).FullName}");
            }
        }
        return graph;
    }

    private static bool InScope(string ns, string prefix) =>
        ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static string NamespaceOf(TypeReference type) => Outer(type).Namespace;

    /// <summary>The outermost declaring type of the element type: where the code or the name lives.</summary>
    private static TypeReference Outer(TypeReference type)
    {
        while (type is TypeSpecification spec) type = spec.ElementType;
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var g in type.GenericParameters)
            foreach (var c in g.Constraints) yield return c.ConstraintType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var e in type.Events) yield return e.EventType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            foreach (var o in m.Overrides) yield return o.DeclaringType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (Instruction instruction in m.Body.Instructions)
            {
                foreach (var t in OperandTypes(instruction.Operand)) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> OperandTypes(object? operand)
    {
        switch (operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) yield return p.ParameterType;
                if (m is GenericInstanceMethod gm)
                    foreach (var a in gm.GenericArguments) yield return a;
                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }

    /// <summary>A generic instance references its definition and every type argument (List&lt;Fault&gt; uses Fault).</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
            foreach (var x in generic.GenericArguments.SelectMany(Expand)) yield return x;
        if (type is TypeSpecification spec)
            foreach (var x in Expand(spec.ElementType)) yield return x;
    }
}
