using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace CspUpgrade.Engine.Tests;

/// <summary>The table every loader reads its mappings through: keys, required keys, positions kept for later checks.</summary>
public class FieldTableTests
{
    private sealed class Item
    {
        public string? Id;
        public string? Name;
        public List<string> Read { get; } = new();
    }

    private static readonly FieldTable<Item> Table = new FieldTable<Item>(keepPositions: true,
        ("id", true, (r, i) => { i.Read.Add("id"); i.Id = DocumentFields.ReadRequiredString(r, "the id"); }),
        ("name", true, (r, i) => { i.Read.Add("name"); i.Name = DocumentFields.ReadRequiredString(r, "the name"); }),
        ("note", false, (r, i) => { i.Read.Add("note"); DocumentFields.ReadString(r, "note"); }));

    private static (Item Item, FieldsSeen Seen, List<FileDiagnostic> Problems) Read(string yaml, FieldTable<Item>? table = null)
    {
        var r = DocumentFields.Open("item.yaml", new StringReader(yaml), json: false, maxDepth: 3);
        Assert.True(DocumentFields.EnterMapping(r, "an item"));
        var item = new Item();
        var seen = (table ?? Table).Read(r, item, i => i.Id is null ? "an item" : $"item '{i.Id}'", 1, 1);
        return (item, seen, r.Diagnostics);
    }

    [Fact]
    public void Each_key_is_read_by_its_own_reader_in_document_order_and_its_value_position_is_kept()
    {
        var (item, seen, problems) = Read("note: x\nid: a1\n  \nname:   Alpha\n");

        Assert.Empty(problems);
        Assert.Equal(new[] { "note", "id", "name" }, item.Read);
        Assert.Equal(("a1", "Alpha"), (item.Id, item.Name));
        Assert.True(seen.Has("note"));
        Assert.Equal((4, 9), seen.At("name"));
        Assert.Equal((2, 5), seen.At("id"));
    }

    [Fact]
    public void Missing_required_keys_unknown_and_miscased_ones_are_reported_naming_the_item_as_it_is_known_by_then()
    {
        var (_, seen, problems) = Read("id: a1\nNote: x\ncolour: red\n");

        Assert.Equal(new[] { "WrongKeyCase", "UnknownKey", "MissingKey" }, problems.Select(p => p.Code));
        Assert.Equal("Item 'a1' has no 'name'.", problems[2].Message);
        Assert.Equal((1, 1), (problems[2].Line, problems[2].Column));
        Assert.False(seen.Has("note"));

        // A check made after the mapping asks for keys by name and reports them as the table does.
        var r = DocumentFields.Open("item.yaml", new StringReader("x: 1\n"), json: false, maxDepth: 3);
        seen.Require(r, new[] { "note", "id" }, "item 'a1'", w => w, 7, 3);
        var missing = Assert.Single(r.Diagnostics);
        Assert.Equal(("MissingKey", 7, 3), (missing.Code, missing.Line, missing.Column));
        Assert.Contains("'note'", missing.Message);
    }

    [Fact]
    public void A_table_names_each_key_once_and_asking_for_a_key_it_does_not_have_is_a_bug_not_a_false()
    {
        Assert.Throws<ArgumentException>(() => new FieldTable<Item>(("id", true, (r, i) => { }), ("id", false, (r, i) => { })));
        var (_, seen, _) = Read("id: a1\nname: A\n");
        Assert.Throws<ArgumentException>(() => seen.Has("colour"));
        var (_, unpositioned, _) = Read("id: a1\nname: A\n", new FieldTable<Item>(("id", true, (r, i) => r.Skip()), ("name", true, (r, i) => r.Skip())));
        Assert.Throws<InvalidOperationException>(() => unpositioned.At("id"));
    }
}
