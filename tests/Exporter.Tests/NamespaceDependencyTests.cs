using Mono.Cecil;
using Mono.Cecil.Cil;

namespace KpiExporter.Tests;

/// <summary>
/// The exporter's namespaces form no cycle: every dependency between them (signatures, fields, base types, method
/// bodies, attributes) read from the compiled assembly with Mono.Cecil, then Tarjan's strongly connected components.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private const string Root = "KpiExporter";

    [Fact]
    public void Exporter_namespaces_import_each_other_in_no_cycle()
    {
        var graph = DependencyGraph(typeof(KpiExporter.ExporterApp).Assembly.Location);

        graph.Keys.ShouldContain("KpiExporter.Sources.Database");
        graph["KpiExporter.Sources.Database"].ShouldContain("KpiExporter.Exposition");
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" <-> ", c.Order(StringComparer.Ordinal))).ToList();
        cycles.ShouldBeEmpty("namespace cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Sources_know_nothing_of_the_http_layer()
    {
        var graph = DependencyGraph(typeof(KpiExporter.ExporterApp).Assembly.Location);

        foreach (var (ns, uses) in graph.Where(g => g.Key.StartsWith("KpiExporter.Sources", StringComparison.Ordinal)))
        {
            uses.ShouldNotContain("KpiExporter.Http", $"{ns} uses the HTTP layer");
        }
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!IsOurs(from))
            {
                continue;
            }

            var uses = graph.TryGetValue(from!, out var set) ? set : graph[from!] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in ReferencedTypes(type))
            {
                var to = NamespaceOf(used);
                if (IsOurs(to) && to != from)
                {
                    uses.Add(to!);
                }
            }
        }

        return graph;
    }

    private static bool IsOurs(string? ns) => ns is not null && (ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal));

    /// <summary>The namespace of a type, nested and compiler-generated types counted with the type that holds them.</summary>
    private static string? NamespaceOf(TypeReference? type)
    {
        while (type is not null)
        {
            type = type.GetElementType();
            if (type.DeclaringType is null)
            {
                return type.Namespace;
            }

            type = type.DeclaringType;
        }

        return null;
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var i in type.Interfaces)
        {
            yield return i.InterfaceType;
        }

        foreach (var a in type.CustomAttributes)
        {
            yield return a.AttributeType;
        }

        foreach (var f in type.Fields)
        {
            yield return f.FieldType;
        }

        foreach (var p in type.Properties)
        {
            yield return p.PropertyType;
        }

        foreach (var m in type.Methods)
        {
            foreach (var t in Signature(m))
            {
                yield return t;
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                yield return v.VariableType;
            }

            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        yield return t;
                        break;
                    case MethodReference called:
                        yield return called.DeclaringType;
                        foreach (var t in Signature(called))
                        {
                            yield return t;
                        }

                        break;
                    case FieldReference field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        yield return method.ReturnType;
        foreach (var p in method.Parameters)
        {
            yield return p.ParameterType;
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var a in generic.GenericArguments)
            {
                yield return a;
            }
        }

        if (method.DeclaringType is GenericInstanceType declaring)
        {
            foreach (var a in declaring.GenericArguments)
            {
                yield return a;
            }
        }
    }

    /// <summary>Tarjan's algorithm: the strongly connected components of the graph.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    onStack.Remove(popped);
                    component.Add(popped);
                }
                while (popped != node);
                components.Add(component);
            }
        }

        foreach (var node in graph.Keys.ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }
}
