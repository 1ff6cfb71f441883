using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// CMESH_REGISTRY for a swarm run, with the login `docker login` stored for it (DOCKER_CONFIG, else ~/.docker), read
/// and checked by the engine against the registry before anything starts: a config or credential helper that cannot
/// be read, or a login the registry refuses, refuses the run.
/// </summary>
public static class RegistryChoice
{
    /// <exception cref="UsageException">The login for the registry cannot be read.</exception>
    public static async Task<ImageRegistry?> ResolveAsync(IDockerEngine engine, string? address, TimeProvider clock, CancellationToken ct)
    {
        if (address is null)
        {
            return null;
        }

        var host = new ImageRegistry(address, null).Host;
        var directory = DockerConfigLogins.ConfigDirectory(
            Environment.GetEnvironmentVariable("DOCKER_CONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        RegistryLogin? login;
        try
        {
            login = await DockerConfigLogins.FindAsync(host, directory, clock, ct);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"CMESH_REGISTRY={address}: {e.Message}");
        }

        if (login is not null)
        {
            try
            {
                await engine.System.CheckLoginAsync(login, ct);
            }
            catch (DockerEngineException e)
            {
                throw new UsageException($"CMESH_REGISTRY={address}: the registry refuses the login of {login} stored in {directory}: {e.Message}");
            }
        }

        return new ImageRegistry(address, login);
    }
}
