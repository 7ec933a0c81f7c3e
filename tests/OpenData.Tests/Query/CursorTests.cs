using System.Text;
using OpenData.Query;

namespace OpenData.Tests.Query;

/// <summary>Opaque cursors: round trips, and refusals of anything this server did not make.</summary>
public sealed class CursorTests
{
    private static readonly SortField[] Sort = [new("valid_to", SortDirection.Descending), new("hectares", SortDirection.Ascending), new("has_boundary", SortDirection.Ascending), new("code", SortDirection.Ascending)];

    [Fact]
    public void A_cursor_round_trips_typed_values_including_nulls()
    {
        object?[] values = [new DateOnly(2014, 5, 21), 60.179, true, "E05009388"];
        var cursor = Cursor.Encode(AreaDto.Dataset, Sort, values);
        Assert.DoesNotContain('=', cursor);
        Assert.DoesNotContain('+', cursor);
        Assert.Equal(values, Cursor.Decode(AreaDto.Dataset, Sort, cursor));
        object?[] nulls = [null, null, false, "x y/z"];
        Assert.Equal(nulls, Cursor.Decode(AreaDto.Dataset, Sort, Cursor.Encode(AreaDto.Dataset, Sort, nulls)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("bm90IGpzb24")]
    [InlineData("WzFd")]
    [InlineData("eyJhIjoxfQ")]
    [InlineData("json:[\"x\",1e400,1,true,\"a\"]")]
    [InlineData("json:[\"x\",null,-1e400,true,\"a\"]")]
    [InlineData("json:[\"x\",null,1e999999,true,\"a\"]")]
    [InlineData("json:[\"x\",99999999999999999999999999999,1,true,\"a\"]")]
    [InlineData("json:[\"x\",null,1,true,\"\\udc00\"]")]
    [InlineData("json:[\"\\ud800\",null,1,true,\"a\"]")]
    [InlineData("json:[\"x\",null,[1],true,\"a\"]")]
    [InlineData("json:[\"x\",null,{\"a\":[[[[1]]]]},true,\"a\"]")]
    [InlineData("json:[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData("json:[1,null,1,true,\"a\"]")]
    [InlineData("json:\"x\"")]
    public void Garbage_is_refused(string cursor)
    {
        if (cursor.StartsWith("json:", StringComparison.Ordinal))
        {
            cursor = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor["json:".Length..]));
        }
        var error = Assert.Throws<QueryException>(() => Cursor.Decode(AreaDto.Dataset, Sort, cursor)).Errors.Single();
        Assert.Equal(QueryErrorKind.InvalidCursor, error.Kind);
        Assert.Equal(QueryInput.Cursor, error.Subject.Input);
    }

    [Fact]
    public void A_cursor_longer_than_any_this_server_makes_is_refused_before_decoding()
    {
        var cursor = Cursor.Encode(AreaDto.Dataset, Sort, [null, 1.0, true, new string('a', Cursor.MaxLength)]);
        var error = Assert.Throws<QueryException>(() => Cursor.Decode(AreaDto.Dataset, Sort, cursor)).Errors.Single();
        Assert.Equal(QueryErrorKind.InvalidCursor, error.Kind);
    }

    [Fact]
    public void A_cursor_for_another_sort_or_dataset_or_with_edited_values_is_refused()
    {
        var cursor = Cursor.Encode(AreaDto.Dataset, Sort, [null, 1.0, true, "a"]);
        Assert.Throws<QueryException>(() => Cursor.Decode(AreaDto.Dataset, [.. Sort.Reverse()], cursor));
        Assert.Throws<QueryException>(() => Cursor.Decode(SourceDto.Dataset, [new SortField("id", SortDirection.Ascending)], cursor));
        var json = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
        var edited = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.Replace("1", "2", StringComparison.Ordinal)));
        Assert.Throws<QueryException>(() => Cursor.Decode(AreaDto.Dataset, Sort, edited));
    }
}
