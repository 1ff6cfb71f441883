using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace CMesh.Docker.Engine;

/// <summary>Turns the Docker client's failures into CMesh's: an engine that does not answer, or one that answered with an error.</summary>
internal static class EngineFailure
{
    /// <summary>Null when <paramref name="error"/> is neither (cancellation, a broken stream…) and should go up as it is.</summary>
    public static Exception? Translate(Exception error, string endpoint) => error switch
    {
        DockerApiException api => new DockerEngineException((int)api.StatusCode, Message(api)),
        _ when CausedByTheConnection(error) => new EngineUnavailableException(endpoint, error),
        _ => null,
    };

    // The transports report a refused or missing socket in different wrappings (HttpRequestException, AggregateException, IOException).
    private static bool CausedByTheConnection(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is HttpRequestException or SocketException)
                return true;
        }
        return false;
    }

    // The engine's error body is {"message": "..."}; anything else (a proxy's page) is reported as it came.
    private static string Message(DockerApiException api)
    {
        var body = api.ResponseBody?.Trim() ?? "";
        try
        {
            if (body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (JsonException)
        {
            // Not JSON after all: fall back to the raw text.
        }
        return body.Length > 0 ? body : $"{(int)api.StatusCode} {api.StatusCode}";
    }
}
