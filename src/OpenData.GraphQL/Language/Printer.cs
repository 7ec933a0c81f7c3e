using System.Text;

namespace OpenData.GraphQL.Language;

/// <summary>Prints AST nodes back to GraphQL source text in the layout graphql-js's print() uses.</summary>
public static class Printer
{
    private const int MaxLineLength = 80;

    /// <summary>Prints any node.</summary>
    public static string Print(Node node) => node switch
    {
        NameNode n => n.Value,
        VariableNode v => "$" + v.Name.Value,
        DocumentNode d => string.Join("\n\n", d.Definitions.Select(Print)),
        OperationDefinitionNode o => PrintOperation(o),
        VariableDefinitionNode v => Join([Wrap("", Desc(v.Description), "\n") + Print(v.Variable) + ": " + Print(v.Type) + Wrap(" = ", Opt(v.DefaultValue)) + Wrap(" ", JoinNodes(v.Directives, " "))]),
        SelectionSetNode s => Block(s.Selections.Select(Print)),
        FieldNode f => PrintField(f),
        ArgumentNode a => a.Name.Value + ": " + Print(a.Value),
        FragmentSpreadNode s => "..." + s.Name.Value + Wrap(" ", JoinNodes(s.Directives, " ")),
        InlineFragmentNode i => Join(["...", Wrap("on ", Opt(i.TypeCondition)), JoinNodes(i.Directives, " "), Print(i.SelectionSet)], " "),
        FragmentDefinitionNode f => Wrap("", Desc(f.Description), "\n") + "fragment " + f.Name.Value + " on " + f.TypeCondition.Name.Value + " "
            + Wrap("", JoinNodes(f.Directives, " "), " ") + Print(f.SelectionSet),
        IntValueNode i => i.Value,
        FloatValueNode f => f.Value,
        StringValueNode s => s.Block ? BlockString.Print(s.Value) : PrintString(s.Value),
        BooleanValueNode b => b.Value ? "true" : "false",
        NullValueNode => "null",
        EnumValueNode e => e.Value,
        ListValueNode l => "[" + JoinNodes(l.Values, ", ") + "]",
        ObjectValueNode o => "{" + JoinNodes(o.Fields, ", ") + "}",
        ObjectFieldNode f => f.Name.Value + ": " + Print(f.Value),
        DirectiveNode d => "@" + d.Name.Value + Wrap("(", JoinNodes(d.Arguments, ", "), ")"),
        NamedTypeNode n => n.Name.Value,
        ListTypeNode l => "[" + Print(l.Type) + "]",
        NonNullTypeNode n => Print(n.Type) + "!",
        SchemaExtensionNode s => Join(["extend schema", JoinNodes(s.Directives, " "), Block(s.OperationTypes.Select(Print))], " "),
        SchemaDefinitionNode s => Wrap("", Desc(s.Description), "\n") + Join(["schema", JoinNodes(s.Directives, " "), Block(s.OperationTypes.Select(Print))], " "),
        OperationTypeDefinitionNode o => OperationName(o.Operation) + ": " + o.Type.Name.Value,
        ScalarTypeDefinitionNode s => Prefix(s) + Join([Keyword(s, "scalar"), s.Name.Value, JoinNodes(s.Directives, " ")], " "),
        ObjectTypeDefinitionNode o => Prefix(o) + Join([Keyword(o, "type"), o.Name.Value, Wrap("implements ", JoinNodes(o.Interfaces, " & ")), JoinNodes(o.Directives, " "), Block(o.Fields.Select(Print))], " "),
        InterfaceTypeDefinitionNode o => Prefix(o) + Join([Keyword(o, "interface"), o.Name.Value, Wrap("implements ", JoinNodes(o.Interfaces, " & ")), JoinNodes(o.Directives, " "), Block(o.Fields.Select(Print))], " "),
        FieldDefinitionNode f => Wrap("", Desc(f.Description), "\n") + f.Name.Value + PrintArgumentDefinitions(f.Arguments) + ": " + Print(f.Type) + Wrap(" ", JoinNodes(f.Directives, " ")),
        InputValueDefinitionNode v => Wrap("", Desc(v.Description), "\n") + v.Name.Value + ": " + Print(v.Type) + Wrap(" = ", Opt(v.DefaultValue)) + Wrap(" ", JoinNodes(v.Directives, " ")),
        UnionTypeDefinitionNode u => Prefix(u) + Join([Keyword(u, "union"), u.Name.Value, JoinNodes(u.Directives, " "), Wrap("= ", JoinNodes(u.Types, " | "))], " "),
        EnumTypeDefinitionNode e => Prefix(e) + Join([Keyword(e, "enum"), e.Name.Value, JoinNodes(e.Directives, " "), Block(e.Values.Select(Print))], " "),
        EnumValueDefinitionNode v => Wrap("", Desc(v.Description), "\n") + Join([v.Name.Value, JoinNodes(v.Directives, " ")], " "),
        InputObjectTypeDefinitionNode i => Prefix(i) + Join([Keyword(i, "input"), i.Name.Value, JoinNodes(i.Directives, " "), Block(i.Fields.Select(Print))], " "),
        DirectiveDefinitionNode d => Wrap("", Desc(d.Description), "\n") + "directive @" + d.Name.Value + PrintArgumentDefinitions(d.Arguments)
            + (d.Repeatable ? " repeatable" : "") + " on " + string.Join(" | ", d.Locations.Select(l => l.Value)),
        _ => throw new ArgumentException("Unknown node " + node.GetType().Name),
    };

    /// <summary>Prints a string as a quoted GraphQL string literal with JSON-like escapes (graphql-js printString).</summary>
    public static string PrintString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>The keyword of an operation type.</summary>
    public static string OperationName(OperationType operation) => operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        _ => "subscription",
    };

    private static string Prefix(TypeDefinitionNode node) => Wrap("", Desc(node.Description), "\n");
    private static string Keyword(TypeDefinitionNode node, string keyword) => node.IsExtension ? "extend " + keyword : keyword;

    private static string PrintOperation(OperationDefinitionNode op)
    {
        string operation = OperationName(op.Operation);
        string varDefs = Wrap("(", JoinNodes(op.VariableDefinitions, ", "), ")");
        if (op.VariableDefinitions.Any(v => Print(v).Contains('\n')))
        {
            varDefs = Wrap("(\n", JoinNodes(op.VariableDefinitions, "\n"), "\n)");
        }
        string prefix = Wrap("", Desc(op.Description), "\n")
            + Join([operation, (op.Name?.Value ?? "") + varDefs, JoinNodes(op.Directives, " ")], " ");
        // Anonymous queries with no directives or variables use the shorthand form.
        return (prefix == "query" ? "" : prefix + " ") + Print(op.SelectionSet);
    }

    private static string PrintField(FieldNode f)
    {
        string prefix = Wrap("", f.Alias?.Value, ": ") + f.Name.Value;
        string argsLine = prefix + Wrap("(", JoinNodes(f.Arguments, ", "), ")");
        if (argsLine.Length > MaxLineLength)
        {
            argsLine = prefix + Wrap("(\n", Indent(JoinNodes(f.Arguments, "\n")), "\n)");
        }
        return Join([argsLine, JoinNodes(f.Directives, " "), f.SelectionSet is null ? null : Print(f.SelectionSet)], " ");
    }

    private static string PrintArgumentDefinitions(IReadOnlyList<InputValueDefinitionNode> args)
    {
        var printed = args.Select(Print).ToList();
        return printed.Any(p => p.Contains('\n'))
            ? Wrap("(\n", Indent(string.Join("\n", printed)), "\n)")
            : Wrap("(", string.Join(", ", printed), ")");
    }

    private static string? Desc(StringValueNode? description) => description is null ? null : Print(description);
    private static string? Opt(Node? node) => node is null ? null : Print(node);

    private static string JoinNodes(IEnumerable<Node> nodes, string separator) => string.Join(separator, nodes.Select(Print));

    private static string Join(IEnumerable<string?> parts, string separator = "")
        => string.Join(separator, parts.Where(p => !string.IsNullOrEmpty(p)));

    private static string Block(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : "{\n" + Indent(string.Join("\n", list)) + "\n}";
    }

    private static string Wrap(string start, string? value, string end = "")
        => string.IsNullOrEmpty(value) ? "" : start + value + end;

    private static string Indent(string value) => string.IsNullOrEmpty(value) ? "" : "  " + value.Replace("\n", "\n  ");
}
