using System.Text.Json;
using System.Text.Json.Serialization;

namespace CMesh.Common;

/// <summary>
/// Writes and reads an enum as its camelCase name. The generic converter is the one a source-generated context can
/// name (the non-generic one needs run-time code generation, which Native AOT does not have).
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
