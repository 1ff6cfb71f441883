using System.Text.Json;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Peer.Engines;

/// <summary>The engine a peer runs, from its environment: null for the built-in one.</summary>
public sealed record EngineCommand(string Name, IReadOnlyList<string> Command)
{
    /// <exception cref="InvalidOperationException">An adapter command that is not a JSON array of strings.</exception>
    public static EngineCommand? FromEnvironment()
    {
        var adapter = Environment.GetEnvironmentVariable(Env.EngineAdapter);
        if (string.IsNullOrWhiteSpace(adapter))
        {
            return null;
        }

        var name = Environment.GetEnvironmentVariable(Env.EngineName) is { Length: > 0 } given ? given : "adapter";
        List<string> command;
        try
        {
            using var document = JsonDocument.Parse(adapter);
            command = document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            command = [];
        }

        return command.Count > 0 && command.All(c => c.Length > 0)
            ? new EngineCommand(name, command)
            : throw new InvalidOperationException($"{Env.EngineAdapter}={adapter}: give the command as a JSON array of non-empty strings");
    }
}
