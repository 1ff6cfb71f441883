namespace CMesh.Docker.Engine;

/// <summary>How to reach the engine, from the docker CLI's variables: DOCKER_HOST, the TLS ones and DOCKER_API_VERSION.</summary>
/// <param name="ApiVersion">A fixed API version (DOCKER_API_VERSION); null means the one the engine reports.</param>
public sealed record EngineSettings(DockerEndpoint Endpoint, DockerTls? Tls = null, Version? ApiVersion = null)
{
    public static EngineSettings FromEnvironment() => From(Environment.GetEnvironmentVariable);

    public static EngineSettings From(Func<string, string?> variable) =>
        new(DockerEndpoint.Parse(variable("DOCKER_HOST")), DockerTls.From(variable), ParseApiVersion(variable("DOCKER_API_VERSION")));

    private static Version? ParseApiVersion(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Version.TryParse(value.Trim().TrimStart('v'), out var version) ? version
        : throw new ArgumentException($"unsupported DOCKER_API_VERSION '{value}': expected a version such as 1.41", nameof(value));
}
