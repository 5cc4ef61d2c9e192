using System.Text;

namespace Identity.Server.Tests.Fuzzing;

/// <summary>One malformed request, sent as written (no re-encoding), and described for a failure message.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, string? Query = null, byte[]? Body = null, string? ContentType = null,
    string? Authorization = null)
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public HttpRequestMessage ToMessage(Uri server)
    {
        var url = new Uri(server.AbsoluteUri.TrimEnd('/') + Path + (Query is null ? "" : "?" + Query), in AsWritten);
        var message = new HttpRequestMessage(Method, url);

        // One connection per request: Kestrel closes a connection whose unread body is over the limit, and a request
        // sent on it next would fail because of its predecessor; this way every failure names its request.
        message.Headers.ConnectionClose = true;
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : $" body[{Body.Length}]={Shorten(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400)))}";
        return $"{Method} {Path}?{Shorten(Query ?? "")} ct={ContentType ?? "none"} auth={Shorten(Authorization ?? "none")}{body}";
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}…({text.Length} chars)";
}

/// <summary>The content types a fuzzed POST claims, right or wrong.</summary>
public static class FuzzContentTypes
{
    public const string Form = "application/x-www-form-urlencoded";

    public static readonly string[] ForForms =
    [
        Form, Form, Form, Form, Form + "; charset=utf-8", Form + "; charset=utf-16", Form + "; charset=nope",
        "multipart/form-data; boundary=fuzz", "multipart/form-data", "application/json", "text/plain", "", "application/x-www-form-urlencoded;;;=",
    ];

    public static readonly string[] ForJson =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
        "application/merge-patch+json", Form, "text/plain", "", "application/json; charset=\"",
    ];
}
