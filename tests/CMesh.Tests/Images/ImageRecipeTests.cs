using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Images;

public sealed class ImageRecipeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cmesh-src-").FullName;

    [Fact]
    public void The_source_hash_changes_with_a_source_file_but_not_with_build_outputs()
    {
        Write("peer/Program.cs", "one");
        Write("peer/obj/generated.cs", "x");
        var first = SourceHash.Compute(_root, ["peer"], ["base-1"]);

        Write("peer/obj/generated.cs", "y");
        Write("peer/bin/peer.dll", "z");
        Assert.Equal(first, SourceHash.Compute(_root, ["peer"], ["base-1"]));

        Write("peer/Program.cs", "two");
        Assert.NotEqual(first, SourceHash.Compute(_root, ["peer"], ["base-1"]));
    }

    [Fact]
    public void The_source_hash_changes_with_the_base_image()
    {
        Write("peer/Program.cs", "one");

        Assert.NotEqual(SourceHash.Compute(_root, ["peer"], ["base-1"]), SourceHash.Compute(_root, ["peer"], ["base-2"]));
    }

    [Fact]
    public void A_peer_published_another_way_gets_another_tag_so_no_image_of_the_other_mode_is_reused()
    {
        foreach (var source in AppImage.Peer.Sources)
        {
            Write(Path.HasExtension(source) ? source : Path.Combine(source, "Program.cs"), source);
        }

        using var engine = FakeEngine.Client(new FakeEngineHandler(_ => throw new InvalidOperationException("a tag needs no engine")));
        var builder = new AppImageBuilder(engine, _root);

        Assert.NotEqual(
            builder.TagFor(AppImage.Peer with { Publish = PublishMode.NativeAot }, "base-1"),
            builder.TagFor(AppImage.Peer with { Publish = PublishMode.ReadyToRun }, "base-1"));
    }

    [Theory]
    [InlineData("aot", "aot")]
    [InlineData(" R2R ", "r2r")]
    [InlineData("jit", null)]
    public void The_peer_publish_setting_names_a_mode(string setting, string? mode)
    {
        Assert.Equal(mode, PublishMode.Find(setting)?.Name);
    }

    [Fact]
    public void Each_image_s_Dockerfile_has_the_stage_its_publish_modes_build()
    {
        string Dockerfile(AppImage app) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, app.Dockerfile));

        Assert.All(PublishMode.All, mode => Assert.Contains($" AS {mode.Name}\n", Dockerfile(AppImage.Peer)));
        Assert.Contains($" AS {AppImage.Coordinator.Publish.Name}\n", Dockerfile(AppImage.Coordinator));
    }

    [Fact]
    public void The_mirror_is_read_from_deb822_sources()
    {
        Write("apt/sources.list.d/debian.sources",
            "Types: deb\n# a comment\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n"
            + "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\nComponents: main\n");

        Assert.Equal("http://mirror.example/debian", AptMirror.Find("bookworm", Path.Combine(_root, "apt")));
        Assert.Null(AptMirror.Find("trixie", Path.Combine(_root, "apt")));
    }

    [Fact]
    public void The_mirror_is_read_from_one_line_sources()
    {
        Write("apt/sources.list", "# deb http://old/ bookworm main\ndeb [arch=amd64] http://mirror.example/debian bookworm main\n");

        Assert.Equal("http://mirror.example/debian", AptMirror.Find("bookworm", Path.Combine(_root, "apt")));
    }

    [Theory]
    [InlineData("e2e-five", true)]
    [InlineData("20261121-194350-5f7d", true)]
    [InlineData("Upper", false)]
    [InlineData("-dash", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    public void Run_names_are_safe_for_container_names_and_folders(string name, bool valid)
    {
        Assert.Equal(valid, RunId.Validate(name) is null);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
