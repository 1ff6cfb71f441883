using System.Text.Json;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Engines;

/// <summary>
/// A user's peer image (cmesh run --peer-image): built FROM the cmesh-peer image, with an engine and its adapter,
/// which two labels name (docs/engines.md).
/// </summary>
public static class UserPeerImage
{
    public const string NameLabel = "cmesh.engine.name";
    public const string AdapterLabel = "cmesh.engine.adapter";

    /// <exception cref="EngineRecipeException">No such image on the engine, or one that names no adapter.</exception>
    public static async Task<EngineRecipe> DescribeAsync(IDockerEngine engine, string image, CancellationToken ct)
    {
        var info = await engine.Images.InspectAsync(image, ct)
            ?? throw new EngineRecipeException($"no image {image} on this engine: build it (FROM the cmesh-peer image) or docker load it");
        var adapter = info.Labels.GetValueOrDefault(AdapterLabel) is { } text ? Command(text) : null;
        if (adapter is not { Count: > 0 })
        {
            throw new EngineRecipeException(
                $"image {image} names no adapter: give it LABEL {AdapterLabel}='[\"program\",\"argument\"]', the adapter's command line as a JSON array (docs/engines.md)");
        }

        var name = info.Labels.GetValueOrDefault(NameLabel) is { Length: > 0 } given ? given : image;
        return new EngineRecipe(name, $"the image {image}", [], adapter);
    }

    private static List<string>? Command(string text)
    {
        try
        {
            var command = JsonSerializer.Deserialize<List<string>>(text);
            return command is { Count: > 0 } && command.All(c => !string.IsNullOrEmpty(c)) ? command : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
