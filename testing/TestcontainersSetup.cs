using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using DotNet.Testcontainers.Configurations;

namespace CMesh.Testing;

/// <summary>
/// Fits Testcontainers to this engine before its first use, so a test needs no environment variable: the Docker API
/// version the engine speaks (Testcontainers' client asks for a newer one than Debian's 20.10 serves), and no Ryuk,
/// whose image cannot be pulled without a registry; a mesh is removed by CMesh's run labels instead. Ports are
/// reached on 127.0.0.1, where CMesh publishes them: inside a container Testcontainers would try the bridge gateway.
/// </summary>
internal static class TestcontainersSetup
{
    private const string ApiVersionVariable = "DOCKER_API_VERSION";
    private static readonly Lock Once = new();

    public static void Apply(EngineVersion engine)
    {
        lock (Once)
        {
            // Read once, when Testcontainers first loads its settings: it has to be there before them.
            if (Environment.GetEnvironmentVariable(ApiVersionVariable) is not { Length: > 0 })
            {
                Environment.SetEnvironmentVariable(ApiVersionVariable, engine.ApiVersion);
            }

            TestcontainersSettings.ResourceReaperEnabled = false;
            TestcontainersSettings.DockerHostOverride = MeshSpecs.PublishedOn;
        }
    }
}
