using System.Text.Json;
using CMesh.Common.Contracts;
using CMesh.Docker.Engines;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Tests.Engines;

public sealed class EngineCatalogTests
{
    private readonly EngineCatalog _shipped = EngineCatalog.Load(RepositoryRoot.Path);

    [Fact]
    public void Every_shipped_engine_reads_the_built_in_one_first_and_each_adapter_is_a_file_of_its_folder()
    {
        Assert.Equal(EngineRecipe.BuiltIn, _shipped.Engines[0].Name);
        Assert.Equal(["cmesh", "automerge", "syncthing"], _shipped.Engines.Select(e => e.Name));
        foreach (var engine in _shipped.Engines.Where(e => !e.IsBuiltIn))
        {
            var script = engine.Adapter.Single(a => a.StartsWith(EngineRecipe.InstalledAt, StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(engine.Folder, Path.GetRelativePath(EngineRecipe.InstalledAt, script))), $"{engine.Name}: {script} is not in its folder");
            Assert.NotEmpty(engine.DebianPackages);
        }
    }

    [Fact]
    public void An_engine_that_is_not_shipped_is_refused_naming_those_that_are()
    {
        var e = Assert.Throws<EngineRecipeException>(() => _shipped.Find("no-such-engine"));
        Assert.Contains("cmesh, automerge, syncthing", e.Message);
    }

    [Theory]
    [InlineData("""{"name":"other","description":"d","debianPackages":[],"adapter":["x"]}""", "must be the folder's name")]
    [InlineData("""{"name":"broken","description":"d","debianPackages":[],"adapter":[]}""", "\"adapter\" must be")]
    [InlineData("""{"name":"broken",""", "engine.json")]
    public void A_recipe_that_describes_no_engine_says_what_is_wrong(string json, string problem)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory().FullName, "broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, EngineRecipe.FileName), json);

        Assert.Contains(problem, Assert.Throws<EngineRecipeException>(() => EngineRecipe.Read(folder)).Message);
    }

    [Fact]
    public void A_peer_of_a_third_party_engine_is_told_its_adapter_and_a_built_in_one_is_not()
    {
        var automerge = _shipped.Find("automerge");
        var plan = new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null);
        RunRequest Request(EngineRecipe? engine) => new("r1", plan, new MeshImageSet("base", "id", "coordinator", "peer", engine), "/tmp/r1", new Dictionary<string, string>(), 8, TimeSpan.FromMinutes(1));

        var withAdapter = MeshSpecs.Peer(Request(automerge), "peer-1", "10.0.0.0/24", []).Environment;
        var builtIn = MeshSpecs.Peer(Request(_shipped.Find(EngineRecipe.BuiltIn)), "peer-1", "10.0.0.0/24", []).Environment;

        Assert.Equal("automerge", withAdapter[Env.EngineName]);
        Assert.Equal(automerge.Adapter, JsonSerializer.Deserialize<string[]>(withAdapter[Env.EngineAdapter]));
        Assert.False(builtIn.ContainsKey(Env.EngineAdapter));
    }
}
