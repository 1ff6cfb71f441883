using System.Text.Json;

namespace CMesh.Docker.Engine;

/// <summary>Builds request paths: escaped segments, query strings, and the engine's JSON label filters.</summary>
internal static class ApiPath
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Appends the query parameters whose value is not null.</summary>
    public static string Of(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}");
        var queryString = string.Join('&', parts);
        return queryString.Length == 0 ? path : $"{path}?{queryString}";
    }

    /// <summary>The filters value matching all the labels, or null (no filter) when there are none.</summary>
    public static string? LabelFilter(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0
            ? null
            : JsonSerializer.Serialize(new Dictionary<string, string[]>
            {
                ["label"] = labels.Select(l => $"{l.Key}={l.Value}").ToArray(),
            });

    public static string Flag(bool value) => value ? "1" : "0";

    public static string Json(object value) => JsonSerializer.Serialize(value, DockerTransport.Json);
}
