using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Rest;

namespace OpenData.Tests.Rest;

/// <summary>Large JSON bodies go out in bounded chunks, with the same bytes and the same validators as a whole body.</summary>
public sealed class StreamedJsonTests(TestApp app) : RestTest(app)
{
    private readonly TestApp _app = app;

    [Fact]
    public async Task A_borough_series_of_megabytes_is_streamed_and_still_has_its_release_etag()
    {
        const string url = "/api/v1/crime-figures/series?area_code=E09000020&from=2011-04&to=2024-11";
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(13 * 12 + 8, body["data"]!["months"]!.AsArray().Count);
        Assert.Equal("E09000020", (string?)body["data"]!["area_code"]);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_streamed_body_has_the_same_bytes_as_a_whole_one_and_leaves_in_bounded_writes()
    {
        static async ValueTask Produce(Utf8JsonWriter writer, Func<ValueTask> flush)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            for (var i = 0; i < 20_000; i++)
            {
                await flush();
                writer.WriteStartObject();
                writer.WriteNumber("n", i);
                writer.WriteString("text", "row " + i + " ünïcode & <markup>");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var whole = await BodyOf(StreamedJson.Write("application/json", 1, Produce));
        var streamed = await BodyOf(StreamedJson.Write("application/json", StreamedJson.StreamAboveBytes + 1, Produce));

        Assert.Equal(whole.Bytes, streamed.Bytes);
        Assert.True(whole.Bytes.Length > 4 * StreamedJson.ChunkBytes);
        Assert.True(streamed.Writes > 4, $"Expected the body in many writes, got {streamed.Writes}.");
        Assert.InRange(streamed.LargestWrite, 1, StreamedJson.ChunkBytes + 1024);
    }

    private async Task<(byte[] Bytes, int Writes, int LargestWrite)> BodyOf(IResult result)
    {
        var body = new RecordingStream();
        var context = new DefaultHttpContext { RequestServices = _app.Services.CreateScope().ServiceProvider };
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        await context.Response.CompleteAsync();
        return (body.ToArray(), body.Writes, body.LargestWrite);
    }

    private sealed class RecordingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Record(count, () => base.Write(buffer, offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Length, () => base.Write(buffer.Span));
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Record(count, () => base.Write(buffer, offset, count));
            return Task.CompletedTask;
        }

        private void Record(int count, Action write)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, count);
            write();
        }
    }
}
