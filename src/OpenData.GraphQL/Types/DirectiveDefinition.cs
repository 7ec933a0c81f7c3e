namespace OpenData.GraphQL.Types;

/// <summary>Where a directive may be used (introspection's __DirectiveLocation).</summary>
public enum DirectiveLocation
{
    /// <summary>QUERY</summary>
    Query,
    /// <summary>MUTATION</summary>
    Mutation,
    /// <summary>SUBSCRIPTION</summary>
    Subscription,
    /// <summary>FIELD</summary>
    Field,
    /// <summary>FRAGMENT_DEFINITION</summary>
    FragmentDefinition,
    /// <summary>FRAGMENT_SPREAD</summary>
    FragmentSpread,
    /// <summary>INLINE_FRAGMENT</summary>
    InlineFragment,
    /// <summary>VARIABLE_DEFINITION</summary>
    VariableDefinition,
    /// <summary>SCHEMA</summary>
    Schema,
    /// <summary>SCALAR</summary>
    Scalar,
    /// <summary>OBJECT</summary>
    Object,
    /// <summary>FIELD_DEFINITION</summary>
    FieldDefinition,
    /// <summary>ARGUMENT_DEFINITION</summary>
    ArgumentDefinition,
    /// <summary>INTERFACE</summary>
    Interface,
    /// <summary>UNION</summary>
    Union,
    /// <summary>ENUM</summary>
    Enum,
    /// <summary>ENUM_VALUE</summary>
    EnumValue,
    /// <summary>INPUT_OBJECT</summary>
    InputObject,
    /// <summary>INPUT_FIELD_DEFINITION</summary>
    InputFieldDefinition,
    /// <summary>DIRECTIVE_DEFINITION</summary>
    DirectiveDefinition,
}

/// <summary>Helpers for <see cref="DirectiveLocation"/>.</summary>
public static class DirectiveLocationNames
{
    private static readonly string[] Names =
    [
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION",
    ];

    /// <summary>The spec name, e.g. FIELD_DEFINITION.</summary>
    public static string ToSpecName(this DirectiveLocation location) => Names[(int)location];

    /// <summary>Parses a spec name such as INLINE_FRAGMENT.</summary>
    public static bool TryParse(string name, out DirectiveLocation location)
    {
        int i = Array.IndexOf(Names, name);
        location = (DirectiveLocation)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>All locations in spec order.</summary>
    public static IReadOnlyList<string> All => Names;
}

/// <summary>A directive definition (built-in or custom).</summary>
public sealed class DirectiveDefinition
{
    /// <summary>Default reason of @deprecated.</summary>
    public const string DefaultDeprecationReason = "No longer supported";

    private readonly List<ArgumentDefinition> _arguments = [];

    /// <summary>Creates a directive definition.</summary>
    public DirectiveDefinition(string name, string? description, IEnumerable<DirectiveLocation> locations, params ArgumentDefinition[] arguments)
    {
        NameValidation.AssertValidName(name);
        Name = name;
        Description = description;
        Locations = locations.ToArray();
        _arguments.AddRange(arguments);
    }

    /// <summary>Name without @.</summary>
    public string Name { get; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Allowed locations.</summary>
    public IReadOnlyList<DirectiveLocation> Locations { get; }

    /// <summary>Arguments.</summary>
    public IReadOnlyList<ArgumentDefinition> Arguments => _arguments;

    /// <summary>Whether the directive may be used more than once at one location.</summary>
    public bool IsRepeatable { get; set; }

    /// <summary>Deprecation reason (graphql-js experimental directive deprecation), or null.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>True when <see cref="DeprecationReason"/> is set.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>Finds an argument by name.</summary>
    public ArgumentDefinition? GetArgument(string name)
    {
        foreach (var a in _arguments) if (a.Name == name) return a;
        return null;
    }

    /// <summary>True for the directives every schema has (include, skip, deprecated, specifiedBy, oneOf).</summary>
    public bool IsSpecified => SpecifiedDirectives.Contains(this);

    /// <inheritdoc />
    public override string ToString() => "@" + Name;

    /// <summary>@include(if: Boolean!)</summary>
    public static DirectiveDefinition Include { get; } = new("include",
        "Directs the executor to include this field or fragment only when the `if` argument is true.",
        [DirectiveLocation.Field, DirectiveLocation.FragmentSpread, DirectiveLocation.InlineFragment],
        new ArgumentDefinition("if", new NonNullType(ScalarType.Boolean), "Included when true."));

    /// <summary>@skip(if: Boolean!)</summary>
    public static DirectiveDefinition Skip { get; } = new("skip",
        "Directs the executor to skip this field or fragment when the `if` argument is true.",
        [DirectiveLocation.Field, DirectiveLocation.FragmentSpread, DirectiveLocation.InlineFragment],
        new ArgumentDefinition("if", new NonNullType(ScalarType.Boolean), "Skipped when true."));

    /// <summary>@deprecated(reason: String = "No longer supported")</summary>
    public static DirectiveDefinition Deprecated { get; } = new("deprecated",
        "Marks an element of a GraphQL schema as no longer supported.",
        [DirectiveLocation.FieldDefinition, DirectiveLocation.ArgumentDefinition, DirectiveLocation.InputFieldDefinition,
         DirectiveLocation.EnumValue, DirectiveLocation.DirectiveDefinition],
        new ArgumentDefinition("reason", ScalarType.String,
            "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).")
        { DefaultValue = DefaultDeprecationReason });

    /// <summary>@specifiedBy(url: String!)</summary>
    public static DirectiveDefinition SpecifiedBy { get; } = new("specifiedBy",
        "Exposes a URL that specifies the behavior of this scalar.",
        [DirectiveLocation.Scalar],
        new ArgumentDefinition("url", new NonNullType(ScalarType.String), "The URL that specifies the behavior of this scalar."));

    /// <summary>@oneOf</summary>
    public static DirectiveDefinition OneOf { get; } = new("oneOf",
        "Indicates exactly one field must be supplied and this field must not be `null`.",
        [DirectiveLocation.InputObject]);

    /// <summary>The built-in directives, in graphql-js order.</summary>
    public static IReadOnlyList<DirectiveDefinition> SpecifiedDirectives { get; } = [Include, Skip, Deprecated, SpecifiedBy, OneOf];
}
