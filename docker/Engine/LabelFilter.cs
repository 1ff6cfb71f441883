namespace CMesh.Docker.Engine;

/// <summary>The engine's list and event filter matching all the given labels.</summary>
internal static class LabelFilter
{
    /// <summary>Null (no filter) when there are no labels.</summary>
    public static IDictionary<string, IDictionary<string, bool>>? Of(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0
            ? null
            : new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labels.ToDictionary(l => $"{l.Key}={l.Value}", _ => true),
            };
}
