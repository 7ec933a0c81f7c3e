using System.Text;
using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// Prints a schema as SDL exactly like graphql-js 16 printSchema():
/// <list type="bullet">
/// <item>a <c>schema { ... }</c> block only when the schema has a description or a root type is not named Query/Mutation/Subscription;</item>
/// <item>then the directives that are not built in (include, skip, deprecated, specifiedBy, oneOf), in schema order;</item>
/// <item>then every type of the type map in type-map order (see <see cref="GraphQLSchema"/>), except the built-in
/// scalars and the introspection types; parts are separated by one blank line.</item>
/// </list>
/// Because introspection's <c>__schema.types</c> lists types in the same type-map order, and graphql-js
/// buildClientSchema keeps that order, <c>printSchema(buildClientSchema(introspection))</c> in graphql-js gives
/// the same text as <see cref="Print"/> for the same schema.
/// Descriptions are block strings when graphql-js would print them so, defaults are printed with
/// <see cref="ValueHelpers.AstFromValue"/>.
/// </summary>
public static class SchemaPrinter
{
    private static readonly HashSet<string> SpecifiedScalarNames = ["String", "Int", "Float", "Boolean", "ID"];

    /// <summary>Prints the schema's SDL (no trailing newline, like graphql-js).</summary>
    public static string Print(GraphQLSchema schema)
    {
        var parts = new List<string>();
        var schemaDefinition = PrintSchemaDefinition(schema);
        if (schemaDefinition is not null) parts.Add(schemaDefinition);
        foreach (var directive in schema.Directives)
        {
            if (DirectiveDefinition.SpecifiedDirectives.Any(d => d.Name == directive.Name)) continue;
            parts.Add(PrintDirective(directive));
        }
        foreach (var type in schema.Types.Values)
        {
            if (type is ScalarType && SpecifiedScalarNames.Contains(type.Name)) continue;
            if (Introspection.IsIntrospectionType(type)) continue;
            parts.Add(PrintType(type));
        }
        return string.Join("\n\n", parts);
    }

    private static string? PrintSchemaDefinition(GraphQLSchema schema)
    {
        bool commonNames = schema.QueryType.Name == "Query"
            && (schema.MutationType is null || schema.MutationType.Name == "Mutation")
            && (schema.SubscriptionType is null || schema.SubscriptionType.Name == "Subscription");
        if (schema.Description is null && commonNames) return null;
        var operationTypes = new List<string> { "  query: " + schema.QueryType.Name };
        if (schema.MutationType is not null) operationTypes.Add("  mutation: " + schema.MutationType.Name);
        if (schema.SubscriptionType is not null) operationTypes.Add("  subscription: " + schema.SubscriptionType.Name);
        return PrintDescription(schema.Description) + "schema {\n" + string.Join("\n", operationTypes) + "\n}";
    }

    /// <summary>Prints one named type as graphql-js printType() does.</summary>
    public static string PrintType(NamedType type) => type switch
    {
        ScalarType s => PrintDescription(s.Description) + "scalar " + s.Name + PrintSpecifiedBy(s),
        ObjectType o => PrintDescription(o.Description) + "type " + o.Name + PrintInterfaces(o) + PrintFields(o),
        InterfaceType i => PrintDescription(i.Description) + "interface " + i.Name + PrintInterfaces(i) + PrintFields(i),
        UnionType u => PrintDescription(u.Description) + "union " + u.Name + (u.Types.Count > 0 ? " = " + string.Join(" | ", u.Types.Select(t => t.Name)) : ""),
        EnumType e => PrintDescription(e.Description) + "enum " + e.Name + PrintBlock(e.Values.Select((v, i) =>
            PrintDescription(v.Description, "  ", i == 0) + "  " + v.Name + PrintDeprecated(v.DeprecationReason)).ToList()),
        InputObjectType io => PrintDescription(io.Description) + "input " + io.Name + (io.IsOneOf ? " @oneOf" : "") + PrintBlock(io.FieldList.Select((f, i) =>
            PrintDescription(f.Description, "  ", i == 0) + "  " + PrintInputValue(f)).ToList()),
        _ => throw new ArgumentException("Unexpected type " + type),
    };

    private static string PrintInterfaces(ComplexType type)
        => type.Interfaces.Count > 0 ? " implements " + string.Join(" & ", type.Interfaces.Select(i => i.Name)) : "";

    private static string PrintFields(ComplexType type)
        => PrintBlock(type.FieldList.Select((f, i) =>
            PrintDescription(f.Description, "  ", i == 0) + "  " + f.Name + PrintArgs(f.Arguments, "  ") + ": " + f.Type + PrintDeprecated(f.DeprecationReason)).ToList());

    private static string PrintBlock(List<string> items) => items.Count != 0 ? " {\n" + string.Join("\n", items) + "\n}" : "";

    private static string PrintArgs(IReadOnlyList<ArgumentDefinition> args, string indentation = "")
    {
        if (args.Count == 0) return "";
        // If no argument has a description, print them on one line.
        if (args.All(a => string.IsNullOrEmpty(a.Description))) return "(" + string.Join(", ", args.Select(PrintInputValue)) + ")";
        var sb = new StringBuilder("(\n");
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            sb.Append(PrintDescription(args[i].Description, "  " + indentation, i == 0)).Append("  ").Append(indentation).Append(PrintInputValue(args[i]));
        }
        return sb.Append('\n').Append(indentation).Append(')').ToString();
    }

    private static string PrintInputValue(InputValueDefinition value)
    {
        var declaration = value.Name + ": " + value.Type;
        if (value.HasDefaultValue)
        {
            var ast = ValueHelpers.AstFromValue(value.DefaultValue, value.Type);
            if (ast is not null) declaration += " = " + Printer.Print(ast);
        }
        return declaration + PrintDeprecated(value.DeprecationReason);
    }

    private static string PrintDirective(DirectiveDefinition directive)
        => PrintDescription(directive.Description) + "directive @" + directive.Name + PrintArgs(directive.Arguments)
           + PrintDeprecated(directive.DeprecationReason) + (directive.IsRepeatable ? " repeatable" : "")
           + " on " + string.Join(" | ", directive.Locations.Select(l => l.ToSpecName()));

    private static string PrintDeprecated(string? reason)
    {
        if (reason is null) return "";
        if (reason != DirectiveDefinition.DefaultDeprecationReason) return " @deprecated(reason: " + Printer.PrintString(reason) + ")";
        return " @deprecated";
    }

    private static string PrintSpecifiedBy(ScalarType scalar)
        => scalar.SpecifiedByUrl is null ? "" : " @specifiedBy(url: " + Printer.PrintString(scalar.SpecifiedByUrl) + ")";

    private static string PrintDescription(string? description, string indentation = "", bool firstInBlock = true)
    {
        if (description is null) return "";
        var text = BlockString.IsPrintableAsBlockString(description) ? BlockString.Print(description) : Printer.PrintString(description);
        var prefix = indentation.Length > 0 && !firstInBlock ? "\n" + indentation : indentation;
        return prefix + text.Replace("\n", "\n" + indentation) + "\n";
    }
}
