namespace OpenData.GraphQL.Language;

/// <summary>Kinds of lexical tokens.</summary>
public enum TokenKind
{
    /// <summary>Start of file.</summary>
    Sof,
    /// <summary>End of file.</summary>
    Eof,
    /// <summary>!</summary>
    Bang,
    /// <summary>$</summary>
    Dollar,
    /// <summary>&amp;</summary>
    Amp,
    /// <summary>(</summary>
    ParenL,
    /// <summary>)</summary>
    ParenR,
    /// <summary>...</summary>
    Spread,
    /// <summary>:</summary>
    Colon,
    /// <summary>=</summary>
    Equals,
    /// <summary>@</summary>
    At,
    /// <summary>[</summary>
    BracketL,
    /// <summary>]</summary>
    BracketR,
    /// <summary>{</summary>
    BraceL,
    /// <summary>|</summary>
    Pipe,
    /// <summary>}</summary>
    BraceR,
    /// <summary>A name.</summary>
    Name,
    /// <summary>An integer literal.</summary>
    Int,
    /// <summary>A float literal.</summary>
    Float,
    /// <summary>A "quoted" string.</summary>
    String,
    /// <summary>A """block""" string.</summary>
    BlockString,
    /// <summary># comment (skipped by the parser).</summary>
    Comment,
}

/// <summary>A lexical token with its position; <see cref="Value"/> holds the text of names, numbers, strings and comments.</summary>
public readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Column, string? Value)
{
    /// <summary>Describes a token kind as graphql-js does in messages: punctuators quoted, others by name.</summary>
    public static string KindDescription(TokenKind kind) => kind switch
    {
        TokenKind.Sof => "<SOF>",
        TokenKind.Eof => "<EOF>",
        TokenKind.Bang => "\"!\"",
        TokenKind.Dollar => "\"$\"",
        TokenKind.Amp => "\"&\"",
        TokenKind.ParenL => "\"(\"",
        TokenKind.ParenR => "\")\"",
        TokenKind.Spread => "\"...\"",
        TokenKind.Colon => "\":\"",
        TokenKind.Equals => "\"=\"",
        TokenKind.At => "\"@\"",
        TokenKind.BracketL => "\"[\"",
        TokenKind.BracketR => "\"]\"",
        TokenKind.BraceL => "\"{\"",
        TokenKind.Pipe => "\"|\"",
        TokenKind.BraceR => "\"}\"",
        TokenKind.Name => "Name",
        TokenKind.Int => "Int",
        TokenKind.Float => "Float",
        TokenKind.String => "String",
        TokenKind.BlockString => "BlockString",
        _ => "Comment",
    };

    /// <summary>Describes this token for error messages, e.g. <c>Name "foo"</c> or <c>"}"</c>.</summary>
    public string Description => Value is null ? KindDescription(Kind) : KindDescription(Kind) + " \"" + Value + "\"";
}
