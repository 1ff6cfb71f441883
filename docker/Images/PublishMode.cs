namespace CMesh.Docker.Images;

/// <summary>
/// How a project is compiled into its image: what `dotnet publish` is asked for, and the Dockerfile stage that runs
/// it (a JIT runtime needs settings a native executable has no use for).
/// </summary>
/// <param name="Name">The setting's value (CMESH_PEER_PUBLISH) and the Dockerfile stage the image is built from.</param>
/// <param name="Arguments">What `dotnet publish` is given beyond the configuration and the runtime.</param>
public sealed record PublishMode(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>The app and the runtime beside it, precompiled so that a hundred processes starting at once do not wait on the JIT.</summary>
    public static readonly PublishMode ReadyToRun = new("r2r", ["--self-contained", "-p:PublishReadyToRun=true"]);

    /// <summary>One native executable, no JIT: a fraction of the memory and start-up of ReadyToRun (needs a C toolchain and zlib on the host).</summary>
    public static readonly PublishMode NativeAot = new("aot", ["-p:PublishAot=true", "-p:StripSymbols=true"]);

    public static readonly IReadOnlyList<PublishMode> All = [NativeAot, ReadyToRun];

    /// <summary>The mode a setting names (aot or r2r); null for anything else.</summary>
    public static PublishMode? Find(string name) => All.FirstOrDefault(mode => mode.Name == name.Trim().ToLowerInvariant());
}
