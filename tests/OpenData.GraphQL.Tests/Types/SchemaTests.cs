using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Types;

public class SchemaTests
{
    [Fact]
    public void Harness_schema_builds_with_types_directives_and_defaults()
    {
        var schema = TestSchemas.Harness;
        Assert.Equal("QueryRoot", schema.QueryType.Name);
        var dog = Assert.IsType<ObjectType>(schema.GetType("Dog"));
        Assert.Equal(["Pet", "Mammal", "Canine"], dog.Interfaces.Select(i => i.Name));
        var arg = dog.GetField("isHouseTrained")!.GetArgument("atOtherHomes")!;
        Assert.True(arg.HasDefaultValue);
        Assert.Equal(true, arg.DefaultValue);
        var complex = Assert.IsType<InputObjectType>(schema.GetType("ComplexInput"));
        Assert.Equal("Boolean!", complex.GetField("nonNullField")!.Type.ToString());
        Assert.True(Assert.IsType<InputObjectType>(schema.GetType("OneOfInput")).IsOneOf);
        Assert.NotNull(schema.GetDirective("onField"));
        Assert.NotNull(schema.GetDirective("skip"));
        Assert.NotNull(schema.GetDirective("oneOf"));
    }

    [Fact]
    public void Possible_types_and_subtypes()
    {
        var schema = TestSchemas.Harness;
        var pet = (InterfaceType)schema.GetType("Pet")!;
        var mammal = (InterfaceType)schema.GetType("Mammal")!;
        var canine = (InterfaceType)schema.GetType("Canine")!;
        var dog = (ObjectType)schema.GetType("Dog")!;
        var cat = (ObjectType)schema.GetType("Cat")!;
        var human = (ObjectType)schema.GetType("Human")!;
        var catOrDog = (UnionType)schema.GetType("CatOrDog")!;
        Assert.Equal(["Dog", "Cat"], schema.GetPossibleTypes(pet).Select(t => t.Name));
        Assert.True(schema.IsSubType(mammal, canine));
        Assert.True(schema.IsSubType(catOrDog, cat));
        Assert.False(schema.IsSubType(pet, human));
        Assert.True(schema.DoTypesOverlap(pet, catOrDog));
        Assert.False(schema.DoTypesOverlap(human, pet));
        Assert.True(schema.IsTypeSubTypeOf(new NonNullType(dog), pet));
        Assert.True(schema.IsTypeSubTypeOf(new ListType(new NonNullType(dog)), new ListType(pet)));
        Assert.False(schema.IsTypeSubTypeOf(new ListType(dog), dog));
        Assert.False(schema.IsTypeSubTypeOf(pet, new NonNullType(pet)));
    }

    [Fact]
    public void Meta_fields_are_found_where_the_spec_allows_them()
    {
        var schema = TestSchemas.Harness;
        Assert.Same(Introspection.SchemaMetaField, schema.GetFieldDefinition(schema.QueryType, "__schema"));
        Assert.Same(Introspection.TypeMetaField, schema.GetFieldDefinition(schema.QueryType, "__type"));
        Assert.Null(schema.GetFieldDefinition(schema.GetType("Dog")!, "__schema"));
        Assert.Same(Introspection.TypeNameMetaField, schema.GetFieldDefinition(schema.GetType("CatOrDog")!, "__typename"));
        Assert.Null(schema.GetFieldDefinition(schema.GetType("CatOrDog")!, "name"));
    }

    [Fact]
    public void Type_map_order_follows_graphql_js()
    {
        // Same order as graphql-js 16.15 getTypeMap() for new GraphQLSchema({ query: Query, types: [B, A] }).
        var a = new ObjectType("A").Field("x", ScalarType.Float);
        var b = new ObjectType("B").Field("a", a).Field("c", ScalarType.Int);
        var query = new ObjectType("Query").Field("b", b).Field("s", ScalarType.String);
        var schema = new GraphQLSchema(query, types: [b, a]);
        Assert.Equal(
            ["B", "Int", "A", "Float", "Query", "String", "Boolean", "__Schema", "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue", "__Directive", "__DirectiveLocation"],
            schema.Types.Keys);
    }

    [Fact]
    public void Invalid_schemas_fail_at_construction()
    {
        var iface = new InterfaceType("Named").Field("name", ScalarType.String.NonNull());
        var obj = new ObjectType("Thing").Field("name", ScalarType.String).Implements(iface);
        var query = new ObjectType("Query").Field("thing", obj);
        var ex = Assert.Throws<InvalidOperationException>(() => new GraphQLSchema(query));
        Assert.Contains("Interface field Named.name expects type String! but Thing.name is type String.", ex.Message);

        var dup = new ObjectType("Query").Field("a", new ObjectType("X").Field("a", ScalarType.Int)).Field("b", new ObjectType("X").Field("b", ScalarType.Int));
        Assert.Throws<ArgumentException>(() => new GraphQLSchema(dup));
    }

    [Fact]
    public void Type_references_print_like_sdl()
    {
        Assert.Equal("[String!]!", ScalarType.String.NonNull().ListOf().NonNull().ToString());
        Assert.True(new ListType(ScalarType.Int).IsEqualType(new ListType(ScalarType.Int)));
        Assert.False(new ListType(ScalarType.Int).IsEqualType(new ListType(ScalarType.Float)));
        Assert.Equal("[Int]", ValueHelpers.TypeFromAst(TestSchemas.Harness, Parser.ParseType("[Int]"))!.ToString());
        Assert.Null(ValueHelpers.TypeFromAst(TestSchemas.Harness, Parser.ParseType("[Unknown]")));
    }

    [Fact]
    public void Enum_from_clr_enum_uses_upper_snake_names()
    {
        var type = EnumType.FromClrEnum<DayOfWeek>();
        Assert.Equal("MONDAY", type.Serialize(DayOfWeek.Monday));
        Assert.Equal(DayOfWeek.Friday, type.ParseValue("FRIDAY"));
        var ex = Assert.Throws<GraphQLException>(() => type.ParseValue("FRIDYA"));
        Assert.Equal("Value \"FRIDYA\" does not exist in \"DayOfWeek\" enum. Did you mean the enum value \"FRIDAY\"?", ex.Message);
    }
}
