using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

/// <summary>
/// Follows a build, import or pull: the engine answers 200 at once and reports a failure later, as an error message in
/// the stream. Passes each output line on and remembers the first error.
/// </summary>
internal sealed class ProgressMessages(IProgress<string>? lines) : IProgress<JSONMessage>
{
    private string? _error;

    public void Report(JSONMessage message)
    {
        _error ??= message.Error?.Message;
        foreach (var line in (message.Stream ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            lines?.Report(line);
    }

    public void ThrowIfFailed()
    {
        if (_error is not null)
            throw new DockerEngineException(500, _error);
    }
}
