using System.Globalization;
using Identity.Admin;
using Microsoft.OpenApi;

namespace Identity.Admin.ManagementApi;

/// <summary>Logto's paging for list endpoints: <c>page</c> (from 1) and <c>page_size</c>, the total in a header.</summary>
internal static class Paging
{
    public const string TotalNumberHeader = "Total-Number";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>A whole number from the query, or <paramref name="fallback"/> when absent; anything else is a 400 naming it.</summary>
    public static int Parse(string? value, string name, int fallback) =>
        string.IsNullOrEmpty(value) ? fallback
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw AdminValidationException.For(name, "must be a whole number.");

    /// <summary>Documents <c>page</c> and <c>page_size</c> as the integers they are (they are bound as text) and the total header.</summary>
    public static RouteHandlerBuilder DocumentPaging(this RouteHandlerBuilder builder, string totalDescription) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name is "page" or "page_size") ?? [])
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = parameter.Name == "page_size" ? $"{MaxPageSize}" : null };
            }
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[TotalNumberHeader] = new OpenApiHeader
                {
                    Description = totalDescription,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
            return Task.CompletedTask;
        });
}
