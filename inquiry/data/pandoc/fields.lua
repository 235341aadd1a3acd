-- Reads each field of an inquiry submission as a Markdown document of its own.
--
-- Input: a pandoc JSON document whose blocks are one CodeBlock per field (its text, verbatim)
-- and whose metadata names the reader (`reader`). Output: one Div per field, in order, holding
-- the blocks pandoc reads from that text alone, or, when pandoc cannot read it, a Div with the
-- class `unread` holding the error as a CodeBlock. Nothing one field holds can reach another:
-- link references, footnotes, example lists and heading identifiers are each field's own, and
-- no text a field holds can split or join fields (they are never joined as text).
function Pandoc(doc)
  local reader = pandoc.utils.stringify(doc.meta.reader)
  local out = {}
  for i, block in ipairs(doc.blocks) do
    if block.t ~= "CodeBlock" then
      error("field " .. i .. " is not a CodeBlock")
    end
    local ok, parsed = pcall(pandoc.read, block.text, reader)
    if ok then
      out[#out + 1] = pandoc.Div(parsed.blocks)
    else
      out[#out + 1] = pandoc.Div({ pandoc.CodeBlock(tostring(parsed)) }, { class = "unread" })
    end
  end
  return pandoc.Pandoc(out, {})
end
