using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// The introspection types (__Schema, __Type, ...) and meta fields (__schema, __type, __typename), with the
/// same fields, arguments and descriptions as graphql-js 16.
/// </summary>
public static class Introspection
{
    /// <summary>__Schema</summary>
    public static ObjectType SchemaType { get; }
    /// <summary>__Directive</summary>
    public static ObjectType DirectiveType { get; }
    /// <summary>__DirectiveLocation</summary>
    public static EnumType DirectiveLocationType { get; }
    /// <summary>__Type</summary>
    public static ObjectType TypeType { get; }
    /// <summary>__Field</summary>
    public static ObjectType FieldType { get; }
    /// <summary>__InputValue</summary>
    public static ObjectType InputValueType { get; }
    /// <summary>__EnumValue</summary>
    public static ObjectType EnumValueType { get; }
    /// <summary>__TypeKind</summary>
    public static EnumType TypeKindType { get; }

    /// <summary>__schema: __Schema! on the query type.</summary>
    public static FieldDefinition SchemaMetaField { get; }
    /// <summary>__type(name: String!): __Type on the query type.</summary>
    public static FieldDefinition TypeMetaField { get; }
    /// <summary>__typename: String! on every composite type.</summary>
    public static FieldDefinition TypeNameMetaField { get; }

    private static readonly HashSet<string> Names = ["__Schema", "__Directive", "__DirectiveLocation", "__Type", "__Field", "__InputValue", "__EnumValue", "__TypeKind"];

    /// <summary>Whether a type is one of the introspection types.</summary>
    public static bool IsIntrospectionType(NamedType type) => Names.Contains(type.Name) && type is ObjectType or EnumType;

    private static ValueTask<object?> V(object? value) => new(value);

    private static bool IncludeDeprecated(FieldContext c) => c.Arguments.TryGetValue("includeDeprecated", out var v) && v is true;

    static Introspection()
    {
        var nonNullString = new NonNullType(ScalarType.String);
        var nonNullBoolean = new NonNullType(ScalarType.Boolean);

        TypeKindType = new EnumType("__TypeKind", "An enum describing what kind of type a given `__Type` is.");
        TypeKindType.AddValue(new EnumValueDefinition("SCALAR", TypeKind.Scalar, "Indicates this type is a scalar."));
        TypeKindType.AddValue(new EnumValueDefinition("OBJECT", TypeKind.Object, "Indicates this type is an object. `fields` and `interfaces` are valid fields."));
        TypeKindType.AddValue(new EnumValueDefinition("INTERFACE", TypeKind.Interface, "Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields."));
        TypeKindType.AddValue(new EnumValueDefinition("UNION", TypeKind.Union, "Indicates this type is a union. `possibleTypes` is a valid field."));
        TypeKindType.AddValue(new EnumValueDefinition("ENUM", TypeKind.Enum, "Indicates this type is an enum. `enumValues` is a valid field."));
        TypeKindType.AddValue(new EnumValueDefinition("INPUT_OBJECT", TypeKind.InputObject, "Indicates this type is an input object. `inputFields` is a valid field."));
        TypeKindType.AddValue(new EnumValueDefinition("LIST", TypeKind.List, "Indicates this type is a list. `ofType` is a valid field."));
        TypeKindType.AddValue(new EnumValueDefinition("NON_NULL", TypeKind.NonNull, "Indicates this type is a non-null. `ofType` is a valid field."));

        DirectiveLocationType = new EnumType("__DirectiveLocation",
            "A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies.");
        string[] locationDescriptions =
        [
            "Location adjacent to a query operation.",
            "Location adjacent to a mutation operation.",
            "Location adjacent to a subscription operation.",
            "Location adjacent to a field.",
            "Location adjacent to a fragment definition.",
            "Location adjacent to a fragment spread.",
            "Location adjacent to an inline fragment.",
            "Location adjacent to a variable definition.",
            "Location adjacent to a schema definition.",
            "Location adjacent to a scalar definition.",
            "Location adjacent to an object type definition.",
            "Location adjacent to a field definition.",
            "Location adjacent to an argument definition.",
            "Location adjacent to an interface definition.",
            "Location adjacent to a union definition.",
            "Location adjacent to an enum definition.",
            "Location adjacent to an enum value definition.",
            "Location adjacent to an input object type definition.",
            "Location adjacent to an input object field definition.",
            "Location adjacent to a directive definition.",
        ];
        for (int i = 0; i < locationDescriptions.Length; i++)
        {
            var loc = (DirectiveLocation)i;
            DirectiveLocationType.AddValue(new EnumValueDefinition(loc.ToSpecName(), loc, locationDescriptions[i]));
        }

        SchemaType = new ObjectType("__Schema",
            "A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations.");
        DirectiveType = new ObjectType("__Directive",
            "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.");
        TypeType = new ObjectType("__Type",
            "The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.");
        FieldType = new ObjectType("__Field",
            "Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.");
        InputValueType = new ObjectType("__InputValue",
            "Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.");
        EnumValueType = new ObjectType("__EnumValue",
            "One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string.");

        var nonNullType = new NonNullType(TypeType);
        var typeList = new ListType(nonNullType);

        // __Schema
        SchemaType.Field("description", ScalarType.String, c => ((GraphQLSchema)c.Source!).Description);
        SchemaType.Field("types", new NonNullType(typeList), c => ((GraphQLSchema)c.Source!).Types.Values, "A list of all types supported by this server.");
        SchemaType.Field("queryType", nonNullType, c => ((GraphQLSchema)c.Source!).QueryType, "The type that query operations will be rooted at.");
        SchemaType.Field("mutationType", TypeType, c => ((GraphQLSchema)c.Source!).MutationType,
            "If this server supports mutation, the type that mutation operations will be rooted at.");
        SchemaType.Field("subscriptionType", TypeType, c => ((GraphQLSchema)c.Source!).SubscriptionType,
            "If this server support subscription, the type that subscription operations will be rooted at.");
        SchemaType.Field("directives", new NonNullType(new ListType(new NonNullType(DirectiveType))),
            c =>
            {
                var directives = ((GraphQLSchema)c.Source!).Directives;
                return IncludeDeprecated(c) ? directives : directives.Where(d => d.DeprecationReason is null).ToList();
            },
            "A list of all directives supported by this server.",
            f => f.Argument(new ArgumentDefinition("includeDeprecated", nonNullBoolean) { DefaultValue = false }));

        // __Directive
        DirectiveType.Field("name", nonNullString, c => ((DirectiveDefinition)c.Source!).Name);
        DirectiveType.Field("description", ScalarType.String, c => ((DirectiveDefinition)c.Source!).Description);
        DirectiveType.Field("isRepeatable", nonNullBoolean, c => ((DirectiveDefinition)c.Source!).IsRepeatable);
        DirectiveType.Field("locations", new NonNullType(new ListType(new NonNullType(DirectiveLocationType))), c => ((DirectiveDefinition)c.Source!).Locations);
        DirectiveType.Field("args", new NonNullType(new ListType(new NonNullType(InputValueType))),
            c => FilterDeprecated(((DirectiveDefinition)c.Source!).Arguments, c),
            null, f => f.Argument(new ArgumentDefinition("includeDeprecated", ScalarType.Boolean) { DefaultValue = false }));
        DirectiveType.Field("isDeprecated", nonNullBoolean, c => ((DirectiveDefinition)c.Source!).DeprecationReason is not null);
        DirectiveType.Field("deprecationReason", ScalarType.String, c => ((DirectiveDefinition)c.Source!).DeprecationReason);

        // __Type
        TypeType.Field("kind", new NonNullType(TypeKindType), c => ((GraphQLType)c.Source!).Kind);
        TypeType.Field("name", ScalarType.String, c => (c.Source as NamedType)?.Name);
        TypeType.Field("description", ScalarType.String, c => (c.Source as NamedType)?.Description);
        TypeType.Field("specifiedByURL", ScalarType.String, c => (c.Source as ScalarType)?.SpecifiedByUrl);
        TypeType.Field("fields", new ListType(new NonNullType(FieldType)),
            c => c.Source is ComplexType t
                ? IncludeDeprecated(c) ? t.FieldList.ToList() : t.FieldList.Where(f => f.DeprecationReason is null).ToList()
                : null,
            null, f => f.Argument(new ArgumentDefinition("includeDeprecated", ScalarType.Boolean) { DefaultValue = false }));
        TypeType.Field("interfaces", new ListType(nonNullType), c => (c.Source as ComplexType)?.Interfaces);
        TypeType.Field("possibleTypes", new ListType(nonNullType),
            c => c.Source is IAbstractType a ? c.Schema.GetPossibleTypes(a) : null);
        TypeType.Field("enumValues", new ListType(new NonNullType(EnumValueType)),
            c => c.Source is EnumType e
                ? IncludeDeprecated(c) ? e.Values.ToList() : e.Values.Where(v => v.DeprecationReason is null).ToList()
                : null,
            null, f => f.Argument(new ArgumentDefinition("includeDeprecated", ScalarType.Boolean) { DefaultValue = false }));
        TypeType.Field("inputFields", new ListType(new NonNullType(InputValueType)),
            c => c.Source is InputObjectType io ? FilterDeprecated(io.FieldList.ToList(), c) : null,
            null, f => f.Argument(new ArgumentDefinition("includeDeprecated", ScalarType.Boolean) { DefaultValue = false }));
        TypeType.Field("ofType", TypeType, c => c.Source switch
        {
            ListType l => l.OfType,
            NonNullType n => n.OfType,
            _ => null,
        });
        TypeType.Field("isOneOf", ScalarType.Boolean, c => c.Source is InputObjectType io ? io.IsOneOf : null);

        // __Field
        FieldType.Field("name", nonNullString, c => ((FieldDefinition)c.Source!).Name);
        FieldType.Field("description", ScalarType.String, c => ((FieldDefinition)c.Source!).Description);
        FieldType.Field("args", new NonNullType(new ListType(new NonNullType(InputValueType))),
            c => FilterDeprecated(((FieldDefinition)c.Source!).Arguments, c),
            null, f => f.Argument(new ArgumentDefinition("includeDeprecated", ScalarType.Boolean) { DefaultValue = false }));
        FieldType.Field("type", nonNullType, c => ((FieldDefinition)c.Source!).Type);
        FieldType.Field("isDeprecated", nonNullBoolean, c => ((FieldDefinition)c.Source!).DeprecationReason is not null);
        FieldType.Field("deprecationReason", ScalarType.String, c => ((FieldDefinition)c.Source!).DeprecationReason);

        // __InputValue
        InputValueType.Field("name", nonNullString, c => ((InputValueDefinition)c.Source!).Name);
        InputValueType.Field("description", ScalarType.String, c => ((InputValueDefinition)c.Source!).Description);
        InputValueType.Field("type", nonNullType, c => ((InputValueDefinition)c.Source!).Type);
        InputValueType.Field("defaultValue", ScalarType.String, c =>
        {
            var v = (InputValueDefinition)c.Source!;
            if (!v.HasDefaultValue) return null;
            var ast = ValueHelpers.AstFromValue(v.DefaultValue, v.Type);
            return ast is null ? null : Printer.Print(ast);
        }, "A GraphQL-formatted string representing the default value for this input value.");
        InputValueType.Field("isDeprecated", nonNullBoolean, c => ((InputValueDefinition)c.Source!).DeprecationReason is not null);
        InputValueType.Field("deprecationReason", ScalarType.String, c => ((InputValueDefinition)c.Source!).DeprecationReason);

        // __EnumValue
        EnumValueType.Field("name", nonNullString, c => ((EnumValueDefinition)c.Source!).Name);
        EnumValueType.Field("description", ScalarType.String, c => ((EnumValueDefinition)c.Source!).Description);
        EnumValueType.Field("isDeprecated", nonNullBoolean, c => ((EnumValueDefinition)c.Source!).DeprecationReason is not null);
        EnumValueType.Field("deprecationReason", ScalarType.String, c => ((EnumValueDefinition)c.Source!).DeprecationReason);

        SchemaMetaField = new FieldDefinition("__schema", new NonNullType(SchemaType), c => V(c.Schema), "Access the current type schema of this server.");
        TypeMetaField = new FieldDefinition("__type", TypeType, c => V(c.Schema.GetType((string)c.Arguments["name"]!)), "Request the type information of a single type.")
            .Argument("name", nonNullString);
        TypeNameMetaField = new FieldDefinition("__typename", nonNullString, c => V(c.ParentType.Name), "The name of the current Object type at runtime.");
    }

    private static List<T> FilterDeprecated<T>(IEnumerable<T> values, FieldContext c) where T : InputValueDefinition
        => IncludeDeprecated(c) ? values.ToList() : values.Where(v => v.DeprecationReason is null).ToList();
}
