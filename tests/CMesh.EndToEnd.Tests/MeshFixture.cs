namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Builds the images once for all end-to-end tests (the first time on a fresh machine this includes debootstrap)
/// and starts and ends with an engine that holds no CMesh container or network.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var clean = await Shell.CmeshAsync("clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        var build = await Shell.CmeshAsync(["images", "build"], null, TimeSpan.FromMinutes(20));
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    public async Task DisposeAsync() => await Shell.CmeshAsync("clean");
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "real Docker engine";
}
