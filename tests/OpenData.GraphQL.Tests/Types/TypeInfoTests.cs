using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Types;

public class TypeInfoTests
{
    private sealed class Recorder(TypeInfo typeInfo, List<string> log) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case FieldNode f:
                    log.Add($"field {f.Name.Value}: parent={typeInfo.ParentType?.Name} type={typeInfo.Type} def={typeInfo.FieldDef?.Name}");
                    break;
                case ArgumentNode a:
                    log.Add($"arg {a.Name.Value}: input={typeInfo.InputType} default={typeInfo.HasDefaultValue}:{typeInfo.DefaultValue}");
                    break;
                case ObjectFieldNode o:
                    log.Add($"objfield {o.Name.Value}: input={typeInfo.InputType} parent={typeInfo.ParentInputType}");
                    break;
                case EnumValueNode e:
                    log.Add($"enum {e.Value}: {typeInfo.EnumValue?.Name}");
                    break;
                case VariableNode v:
                    log.Add($"var {v.Name.Value}: input={typeInfo.InputType}");
                    break;
            }
            return VisitAction.Continue;
        }
    }

    [Fact]
    public void Tracks_parent_types_fields_arguments_and_input_types()
    {
        var doc = Parser.Parse("""
            query ($x: Int) {
              dog { isHouseTrained(atOtherHomes: true) ... on Cat { furColor } unknown }
              catOrDog { __typename ... on Dog { doesKnowCommand(dogCommand: SIT) } }
              complicatedArgs { complexArgField(complexArg: {intField: $x, stringListField: ["a"]}) }
            }
            """);
        var typeInfo = new TypeInfo(TestSchemas.Harness);
        var log = new List<string>();
        AstWalker.Walk(doc, new TypeInfoVisitor(typeInfo, new Recorder(typeInfo, log)));
        Assert.Equal(
        [
            "var x: input=Int",
            "field dog: parent=QueryRoot type=Dog def=dog",
            "field isHouseTrained: parent=Dog type=Boolean def=isHouseTrained",
            "arg atOtherHomes: input=Boolean default=True:True",
            "field furColor: parent=Cat type=FurColor def=furColor",
            "field unknown: parent=Dog type= def=",
            "field catOrDog: parent=QueryRoot type=CatOrDog def=catOrDog",
            "field __typename: parent=CatOrDog type=String! def=__typename",
            "field doesKnowCommand: parent=Dog type=Boolean def=doesKnowCommand",
            "arg dogCommand: input=DogCommand default=False:",
            "enum SIT: SIT",
            "field complicatedArgs: parent=QueryRoot type=ComplicatedArgs def=complicatedArgs",
            "field complexArgField: parent=ComplicatedArgs type=String def=complexArgField",
            "arg complexArg: input=ComplexInput default=False:",
            "objfield intField: input=Int parent=ComplexInput",
            "var x: input=Int",
            "objfield stringListField: input=[String] parent=ComplexInput",
        ], log);
    }
}
