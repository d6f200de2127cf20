using YamlDotNet.Serialization;

namespace KpiMonitoring.Stack.Tests.Support;

/// <summary>A YAML file as plain maps, lists and strings (anchors and aliases resolved), with path look-ups.</summary>
internal sealed class Yaml
{
    private readonly object? _node;

    private Yaml(object? node)
    {
        _node = node;
    }

    public static Yaml Load(string path) => Parse(File.ReadAllText(path));

    public static Yaml Parse(string text) => new(new DeserializerBuilder().Build().Deserialize<object>(text));

    public bool Exists => _node is not null;

    /// <summary>The value under <paramref name="key"/> of a map (empty when absent or not a map).</summary>
    public Yaml this[string key] =>
        new(_node is Dictionary<object, object> map && map.TryGetValue(key, out var value) ? value : null);

    public IReadOnlyList<Yaml> Items => _node is List<object> list ? [.. list.Select(item => new Yaml(item))] : [];

    public IReadOnlyList<string> Keys => _node is Dictionary<object, object> map ? [.. map.Keys.Select(k => k.ToString()!)] : [];

    public string? Text => _node?.ToString();

    public IReadOnlyList<string> Strings => [.. Items.Select(item => item.Text ?? string.Empty)];

    /// <summary>Every map key anywhere below this node, with the dotted path to it.</summary>
    public IEnumerable<(string Path, string Key)> AllKeys(string path = "")
    {
        switch (_node)
        {
            case Dictionary<object, object> map:
                foreach (var (key, value) in map)
                {
                    var name = key.ToString()!;
                    var child = path.Length == 0 ? name : path + "." + name;
                    yield return (child, name);
                    foreach (var inner in new Yaml(value).AllKeys(child))
                    {
                        yield return inner;
                    }
                }

                break;
            case List<object> list:
                for (var i = 0; i < list.Count; i++)
                {
                    foreach (var inner in new Yaml(list[i]).AllKeys($"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    public override string ToString() => Text ?? "(absent)";
}
