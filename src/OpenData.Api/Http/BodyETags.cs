using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OpenData.Api.Http;

/// <summary>
/// Validators for small responses that are not data of a release (the OpenAPI document): the body is buffered and
/// its SHA-256 is the strong ETag, with the same <c>-gzip</c>/<c>-br</c> suffix rule as
/// <see cref="ReleaseCaching"/>. Unlike a release ETag this needs the handler to run, so a 304 here saves
/// bandwidth, not work, and counts against the rate limit like any request.
/// </summary>
public static class BodyETags
{
    /// <summary>Buffers and hashes these endpoints' 200 responses. Keep it to small, fast responses.</summary>
    public static TBuilder WithBodyETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(BodyETagMetadata.Instance);

    /// <summary>Must run after routing (it reads endpoint metadata).</summary>
    public static IApplicationBuilder UseBodyETags(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<CachingOptions>>().Value;
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<BodyETagMetadata>() is null)
            {
                await next(context);
                return;
            }

            var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            using var buffer = new MemoryStream();
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, body));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(body);
            }

            var response = context.Response;
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                var tag = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16]);
                response.Headers.CacheControl = options.CacheControl;
                response.OnStarting(() =>
                {
                    // Compression (outside this middleware) has set Content-Encoding by the time headers go out.
                    if (response.StatusCode == StatusCodes.Status200OK)
                    {
                        response.Headers.ETag = ReleaseCaching.Quote(tag + ReleaseCaching.CodingSuffix(response.Headers.ContentEncoding));
                    }
                    return Task.CompletedTask;
                });
                if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var sent)
                    && sent.FirstOrDefault(t => t.Equals(EntityTagHeaderValue.Any) || ReleaseCaching.SameRepresentation(t, tag)) is { } match)
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.Headers.ContentLength = null;
                    response.OnStarting(() =>
                    {
                        response.Headers.ETag = match.Equals(EntityTagHeaderValue.Any) ? ReleaseCaching.Quote(tag) : match.Tag.ToString();
                        return Task.CompletedTask;
                    });
                    return;
                }
            }
            // Only a success gets a length: an empty error must stay empty so status-code pages can write the problem.
            if (response.StatusCode == StatusCodes.Status200OK) response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(body.Stream, context.RequestAborted);
        });
    }

    private sealed class BodyETagMetadata
    {
        public static readonly BodyETagMetadata Instance = new();
    }
}
