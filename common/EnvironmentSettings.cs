namespace CMesh.Common;

/// <summary>Typed reads of the CMESH_* variables the driver passes to containers.</summary>
public static class EnvironmentSettings
{
    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set");

    public static string Text(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    public static int Int(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? int.TryParse(value, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"environment variable {name}={value} is not a whole number")
            : fallback;

    public static int? OptionalInt(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } ? Int(name, 0) : null;
}
