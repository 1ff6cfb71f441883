namespace CMesh.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadUsage = 2;
    public const int Interrupted = 130;
}

/// <summary>Bad input found after parsing (a setting, a name clash): one line, exit 2, nothing started.</summary>
public sealed class UsageException(string message) : Exception(message);
