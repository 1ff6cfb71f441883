using CMesh.Chaos.Scenarios;
using YamlDotNet.RepresentationModel;

namespace CMesh.Chaos.Yaml;

/// <summary>
/// One YAML mapping being read into the model: its fields, parsed into typed values, with every problem reported at
/// the file, line and field path where it is written.
/// </summary>
/// <param name="anchor">Where the mapping is written (its key, or its list item): the line of a missing field.</param>
internal sealed class YamlSection(YamlMappingNode node, YamlNode anchor, string path, string file)
{
    public static YamlSection Of(YamlNode value, YamlNode anchor, string path, string file) => value is YamlMappingNode mapping
        ? new YamlSection(mapping, anchor, path, file)
        : throw Error(value, path, file, "expected fields (key: value lines)");

    public static T Scalar<T>(YamlNode value, string path, string file, Func<string, T> parse)
    {
        if (value is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            throw Error(value, path, file, value is YamlScalarNode ? "has no value" : "expected a single value");
        }

        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or ScenarioFieldException)
        {
            throw Error(value, path, file, e.Message);
        }
    }

    public static ScenarioErrorException Error(YamlNode at, string path, string file, string problem) =>
        new(new ScenarioError(file, (int)at.Start.Line, path, problem));

    /// <summary>An error for each key that is not one of <paramref name="fields"/>.</summary>
    public IEnumerable<ScenarioError> UnknownFields(IReadOnlyCollection<string> fields) =>
        node.Children.Keys
            .Where(key => key is not YamlScalarNode { Value: { } name } || !fields.Contains(name))
            .Select(key => Error(key, FieldPath(key.ToString()), file, $"unknown field (expected {string.Join(", ", fields)})").Error);

    public bool Has(string key) => Find(key) is not null;

    public T Get<T>(string key, Func<string, T> parse) =>
        Find(key) is { } entry ? Scalar(entry.Value, FieldPath(key), file, parse) : throw Missing(key);

    public T Get<T>(string key, Func<string, T> parse, T fallback) =>
        Find(key) is { } entry ? Scalar(entry.Value, FieldPath(key), file, parse) : fallback;

    public YamlSection Section(string key) => SectionOrNull(key) ?? throw Missing(key);

    public YamlSection? SectionOrNull(string key) =>
        Find(key) is { } entry ? Of(entry.Value, entry.Key, FieldPath(key), file) : null;

    /// <summary>The items of a list with their paths (steps[2]); an absent list is empty.</summary>
    public IReadOnlyList<(YamlNode Item, string Path)> Items(string key)
    {
        if (Find(key) is not { } entry)
        {
            return [];
        }

        return entry.Value is YamlSequenceNode sequence
            ? sequence.Children.Select((item, i) => (item, $"{FieldPath(key)}[{i}]")).ToList()
            : throw Error(entry.Value, FieldPath(key), file, "expected a list (lines starting with -)");
    }

    /// <summary>Makes a model record; a rule it breaks is reported at the field it names, relative to this mapping.</summary>
    public T Build<T>(Func<T> make)
    {
        try
        {
            return make();
        }
        catch (ScenarioFieldException e)
        {
            throw ErrorAt(e.Field, e.Message);
        }
    }

    /// <summary>An error at a field of this mapping (repeat.every reaches into nested ones), or at the mapping when it is absent.</summary>
    public ScenarioErrorException ErrorAt(string field, string problem)
    {
        YamlNode at = anchor;
        YamlNode current = node;
        foreach (var part in field.Split('.'))
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(part), out var next))
            {
                break;
            }

            at = current = next;
        }

        return Error(at, FieldPath(field), file, problem);
    }

    private (YamlNode Key, YamlNode Value)? Find(string key) =>
        node.Children.Where(entry => entry.Key is YamlScalarNode { Value: var name } && name == key)
            .Select(entry => ((YamlNode Key, YamlNode Value)?)(entry.Key, entry.Value))
            .FirstOrDefault();

    private ScenarioErrorException Missing(string key) => Error(anchor, FieldPath(key), file, "missing");

    private string FieldPath(string key) => path.Length == 0 ? key : $"{path}.{key}";
}
