using System.Text.Json;
using System.Text.Json.Serialization;

namespace CMesh.Common;

/// <summary>The one JSON dialect spoken between the CLI, the coordinator and the peers, and written to results.</summary>
public static class CMeshJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) =>
        new(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
}
