using System.Security.Cryptography;
using System.Text;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Images;

/// <summary>
/// The image coordinator and peers run on. A configured image is used as it is (pulled when missing). Without one,
/// CMesh builds its own offline: a minimal Debian from debootstrap with the network tools chaos needs, imported
/// into the engine and tagged by the recipe's hash so a changed recipe builds anew. A sync engine's peers run on a
/// base that also holds the engine's Debian packages.
/// </summary>
public sealed class BaseImage(IDockerEngine engine, BaseImageSettings settings, IReadOnlyList<string>? enginePackages = null)
{
    public static readonly IReadOnlyList<string> Packages = ["iproute2", "nftables", "iptables", "iputils-ping", "libssl3"];

    private IReadOnlyList<string> AllPackages => [.. Packages, .. (enginePackages ?? []).Except(Packages).Order(StringComparer.Ordinal)];

    /// <summary>A configured image serves the built-in engine only: an engine's packages need a base built here.</summary>
    public string Name => settings.ConfiguredImage is { } configured && enginePackages is not { Count: > 0 }
        ? configured
        : $"cmesh-base:{settings.Suite}-{RecipeHash()}";

    /// <summary>Makes sure the base image exists; returns its image id.</summary>
    public async Task<string> EnsureAsync(IProgress<string> progress, CancellationToken ct)
    {
        if (await engine.Images.InspectAsync(Name, ct) is { } existing)
        {
            return existing.Id;
        }

        if (settings.ConfiguredImage is { } configured && Name == configured)
        {
            progress.Report($"pulling {configured}");
            try
            {
                await engine.Images.PullAsync(configured, login: null, ct);
            }
            catch (DockerEngineException e)
            {
                throw new InvalidOperationException(
                    $"base image {configured} is not on this engine and cannot be pulled ({e.Message}); unset CMESH_BASE_IMAGE to build one offline with debootstrap");
            }
        }
        else
        {
            await BuildWithDebootstrapAsync(progress, ct);
        }

        return (await engine.Images.InspectAsync(Name, ct))?.Id
            ?? throw new InvalidOperationException($"base image {Name} is missing right after it was made");
    }

    private async Task BuildWithDebootstrapAsync(IProgress<string> progress, CancellationToken ct)
    {
        if (!ExternalCommand.IsInstalled("debootstrap"))
        {
            throw new InvalidOperationException("debootstrap is not installed, so the base image cannot be built: run ./docker/setup-host.sh (or apt-get install debootstrap), or set CMESH_BASE_IMAGE");
        }

        var mirror = settings.Mirror ?? AptMirror.Find(settings.Suite)
            ?? throw new InvalidOperationException($"no Debian mirror for {settings.Suite} in /etc/apt sources: set CMESH_DEBIAN_MIRROR");
        var root = BuildScratch.NewRootFs();
        try
        {
            progress.Report($"debootstrap {settings.Suite} from the host's apt mirror (about a minute)");
            await ExternalCommand.RunAsync(
                "debootstrap",
                ["--variant=minbase", $"--include={string.Join(',', AllPackages)}", settings.Suite, root.FullName, mirror],
                progress,
                ct);
            progress.Report($"importing {Name}");
            await ImportAsync(root.FullName, ct);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private async Task ImportAsync(string rootDirectory, CancellationToken ct)
    {
        // The engine fills /dev itself; apt's caches only make the image larger.
        using var tar = ExternalCommand.StartStreaming(
            "tar",
            ["-C", rootDirectory, "--numeric-owner", "--exclude=./dev/*", "--exclude=./var/cache/apt/archives/*.deb", "--exclude=./var/lib/apt/lists/*", "-cf", "-", "."]);
        var separator = Name.LastIndexOf(':');
        await engine.Images.ImportAsync(tar.StandardOutput.BaseStream, Name[..separator], Name[(separator + 1)..], ct);
        await ExternalCommand.WaitAsync(tar, ct);
        if (tar.ExitCode != 0)
        {
            throw new ExternalCommandException("tar", tar.ExitCode, "while packing the root filesystem");
        }
    }

    private string RecipeHash()
    {
        var recipe = $"{settings.Suite}|minbase|{string.Join(',', AllPackages)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..8];
    }
}

/// <param name="ConfiguredImage">CMESH_BASE_IMAGE; null to build one with debootstrap.</param>
/// <param name="Suite">The Debian release debootstrap installs.</param>
/// <param name="Mirror">CMESH_DEBIAN_MIRROR; null to take it from the host's apt sources.</param>
public sealed record BaseImageSettings(string? ConfiguredImage, string Suite, string? Mirror)
{
    public const string DefaultSuite = "bookworm";
}
