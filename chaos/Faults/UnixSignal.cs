using CMesh.Chaos.Scenarios;

namespace CMesh.Chaos.Faults;

/// <summary>The signals a kill may send, by the names docker kill takes.</summary>
internal static class UnixSignal
{
    public const string Kill = "SIGKILL";

    private static readonly string[] Known = [Kill, "SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGABRT", "SIGUSR1", "SIGUSR2"];

    public static string Check(string signal, string field) =>
        Known.Contains(signal) ? signal : throw new ScenarioFieldException(field, $"'{signal}' is not a signal a kill sends: use one of {string.Join(", ", Known)}");
}
