using CMesh.Cli.Commands;
using CMesh.Docker.Engine;
using CMesh.Docker.Engines;

namespace CMesh.Cli.Input;

/// <summary>The engine a command's --engine names, from the repository's engines/; the built-in one when none is named.</summary>
public static class EngineChoice
{
    /// <exception cref="UsageException">No such image, or one that names no adapter.</exception>
    /// <param name="given">How the command line gave it, for the message: "--peer-image", say.</param>
    public static async Task<EngineRecipe> FromImageAsync(IDockerEngine engine, string image, string given, CancellationToken ct)
    {
        try
        {
            return await UserPeerImage.DescribeAsync(engine, image, ct);
        }
        catch (EngineRecipeException e)
        {
            throw new UsageException($"{given}: {e.Message}");
        }
    }

    /// <exception cref="UsageException">No shipped engine of that name, with the names there are.</exception>
    public static EngineRecipe Resolve(string repositoryRoot, string? name)
    {
        try
        {
            return EngineCatalog.Load(repositoryRoot).Find(name ?? EngineRecipe.BuiltIn);
        }
        catch (EngineRecipeException e)
        {
            throw new UsageException($"--engine: {e.Message}");
        }
    }
}
