using Identity.Admin.Definitions;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// The one place where the Management API turns a refused admin operation into an RFC 9457 problem: 400 with an
/// <c>errors</c> object naming each field, 404 for an unknown id, 409 naming the taken field, 415 for a body that is
/// not JSON, 413 for one too large. Anything unexpected is logged and answered with a bare 500 problem (no stack trace).
/// </summary>
internal sealed partial class AdminProblems(ILogger<AdminProblems> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AdminException exception)
        {
            return ToResult(exception);
        }
        catch (UnsupportedBodyException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: exception.Message);
        }
        catch (BadHttpRequestException exception)
        {
            // E.g. a body over the size limit (413) or one cut short by the client.
            return TypedResults.Problem(statusCode: exception.StatusCode, title: "The request could not be read.", detail: exception.Message);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The API's last resort: a problem without internals instead of the hosted pages' HTML error page.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, exception, context.HttpContext.TraceIdentifier);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "An unexpected error occurred.",
                extensions: new Dictionary<string, object?> { ["traceId"] = context.HttpContext.TraceIdentifier });
        }
    }

    public static IResult ToResult(AdminException exception) => exception switch
    {
        AdminValidationException invalid => Invalid(Errors(invalid.Problems)),
        NotFoundException missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{missing.Resource} not found.",
            detail: missing.Message, extensions: new Dictionary<string, object?> { ["resource"] = missing.Resource, ["id"] = missing.Id }),
        ConflictException conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The {conflict.Field} is already taken.",
            detail: conflict.Message, extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [conflict.Field] = [conflict.Message] },
            }),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request was refused.", detail: exception.Message),
    };

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors,
        title: "One or more fields are not valid.",
        detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"))));

    private static Dictionary<string, string[]> Errors(IReadOnlyList<DefinitionError> problems) =>
        problems
            // Validators shared with the seed file prefix an entry name; an empty entry can leave a leading dot.
            .GroupBy(p => p.Path.TrimStart('.') is { Length: > 0 } path ? path : "body", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Error, Message = "Management API request {TraceId} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string traceId);
}

/// <summary>A request body that is not JSON (415).</summary>
internal sealed class UnsupportedBodyException(string message) : Exception(message);
