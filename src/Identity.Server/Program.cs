using Identity.Server.Hosting;
using Identity.Server.Seeding;

var builder = WebApplication.CreateBuilder(args);
builder.AddIdentityServer();

var app = builder.Build();
app.UseIdentityServer();
try
{
    await app.RunAsync();
}
catch (SeedException exception)
{
    // A bad seed file stops the server with a message naming the file, entry and field; nothing was applied.
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
return 0;

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
