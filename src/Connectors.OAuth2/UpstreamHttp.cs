using System.Globalization;
using System.Net;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Sends one request to the provider under its own timeout and reads the whole body. Timeouts and network failures
/// become <see cref="ConnectorErrorCode.UpstreamUnavailable"/>; the caller's own cancellation is rethrown as is.
/// </summary>
internal static class UpstreamHttp
{
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        TimeSpan timeout,
        TimeProvider timeProvider,
        string step,
        string endpointName,
        CancellationToken cancellationToken)
    {
        // The timeout is applied here rather than only in the HttpClient's pipeline so that it holds whatever client the
        // host configures, and so that it can be told apart from the caller giving up.
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linkedSource.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linkedSource.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new ConnectorException(
                ConnectorErrorCode.UpstreamUnavailable,
                $"{step}: the {endpointName} did not answer within {seconds} s",
                exception);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // The client's MaxResponseContentBufferSize: a provider that sends that much is not answering the question asked.
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{step}: the {endpointName}'s answer is larger than the connector accepts",
                exception);
        }
        catch (HttpRequestException exception)
        {
            // HttpRequestError names the kind of failure (name resolution, connection, ...) without quoting anything sent.
            throw new ConnectorException(
                ConnectorErrorCode.UpstreamUnavailable,
                $"{step}: the {endpointName} could not be reached ({exception.HttpRequestError})",
                exception);
        }
    }
}
