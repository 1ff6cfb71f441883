using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CMesh.Common;

/// <summary>
/// The one JSON dialect spoken between the CLI, the coordinator and the peers, and written to results: Web defaults
/// (camelCase names), enums as camelCase strings. These options serialize by reflection, for the programs that run on
/// a JIT (CLI, Docker driver, coordinator, tests); the peer uses <see cref="CMeshJsonContext"/>, the same dialect
/// generated at compile time.
/// </summary>
[RequiresUnreferencedCode("Serializes by reflection: under trimming or Native AOT use CMeshJsonContext.")]
[RequiresDynamicCode("Serializes by reflection: under trimming or Native AOT use CMeshJsonContext.")]
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
