/**
 * The writer reads exceljs's parts back through a real XML parser (src/files/xlsx/xml.ts):
 * entities and character references, CDATA, comments, namespaces under any prefix and both
 * quote styles must give what a person reading the XML sees. Expected values are written out
 * by hand from the XML in each case.
 */
import { describe, it, expect } from '@jest/globals';
import { REL_NS, elementsNamed } from '../../src/files/xlsx/xml';
import { sheetParts, topLevelChildren } from '../../src/files/xlsx/write/xlsx-parts';
import { countSharedStrings } from '../../src/files/xlsx/write/shared-strings';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

function parts(workbook: string, rels: string): Map<string, string> {
  return sheetParts(
    new Map([
      ['xl/workbook.xml', Buffer.from(workbook)],
      ['xl/_rels/workbook.xml.rels', Buffer.from(rels)],
    ]),
  );
}

describe('XML through saxes', () => {
  it('finds no element in a part that is not there (empty text)', () => {
    expect(elementsNamed('', 'sheet')).toEqual([]);
    expect(countSharedStrings('')).toBe(0);
  });

  it('decodes entities and character references in attributes, either quote style', () => {
    const [a, b] = elementsNamed(
      `<r><s name='Tom &amp; Jerry&apos;s' x="&lt;&#65;&#x42;&gt;"/><s name="&quot;Q&quot;"/></r>`,
      's',
    );
    expect(a.attr('name')).toBe("Tom & Jerry's");
    expect(a.attr('x')).toBe('<AB>');
    expect(b.attr('name')).toBe('"Q"');
  });

  it('finds the sheets whatever prefixes the workbook uses, with names needing entities', () => {
    const workbook =
      `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="${MAIN}" xmlns:rel="${REL_NS}">` +
      `<!-- <x:sheet name="commented" rel:id="rId1"/> -->` +
      `<x:sheets><x:sheet name='Goals &amp; Plans' sheetId="1" rel:id='rId2'/>` +
      `<x:sheet name="Data" sheetId="2" rel:id="rId1"/></x:sheets>` +
      `<x:definedNames><x:definedName name="n"><![CDATA[<x:sheet name="in cdata" rel:id="rId1"/>]]></x:definedName></x:definedNames>` +
      `</x:workbook>`;
    const rels =
      `<p:Relationships xmlns:p="${PKG}">` +
      `<p:Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<p:Relationship Target='/xl/worksheets/sheet2.xml' Type='${REL_NS}/worksheet' Id='rId2'/>` +
      `</p:Relationships>`;
    expect([...parts(workbook, rels)]).toEqual([
      ['Goals & Plans', 'xl/worksheets/sheet2.xml'],
      ['Data', 'xl/worksheets/sheet1.xml'],
    ]);
  });

  it('reads r:id by its namespace, not by the prefix "r"', () => {
    // "r" bound to another namespace here: its id attribute is not the relationship id.
    const workbook =
      `<workbook xmlns="${MAIN}" xmlns:r="urn:other" xmlns:q="${REL_NS}"><sheets>` +
      `<sheet name="S" r:id="rId1" q:id="rId2"/></sheets></workbook>`;
    const rels =
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Target="worksheets/wrong.xml"/>` +
      `<Relationship Id="rId2" Target="worksheets/right.xml"/></Relationships>`;
    expect([...parts(workbook, rels)]).toEqual([['S', 'xl/worksheets/right.xml']]);
  });

  it('lists only the root element’s direct children, at the offset of their "<"', () => {
    const xml =
      `<?xml version="1.0"?><w:worksheet xmlns:w="${MAIN}"><w:sheetData><w:row r="1"/></w:sheetData>` +
      `<w:conditionalFormatting><w:cfRule><w:extLst/></w:cfRule></w:conditionalFormatting>` +
      `<!-- <w:extLst/> --><w:extLst/></w:worksheet>`;
    const children = topLevelChildren(xml);
    expect(children.map((c) => c.name)).toEqual(['sheetData', 'conditionalFormatting', 'extLst']);
    for (const c of children)
      expect(xml.slice(c.at, c.at + 3 + c.name.length)).toBe(`<w:${c.name}`);
    // The last <w:extLst/> is the one after the comment.
    expect(children[2].at).toBe(xml.lastIndexOf('<w:extLst/>'));
  });

  it('counts shared strings as <si> items, not text that looks like one', () => {
    const sst =
      `<sst xmlns="${MAIN}" count="3"><si><t>a</t></si><si><t><![CDATA[<si>]]></t></si>` +
      `<!-- <si/> --><si><r><t>&lt;si&gt;</t></r></si></sst>`;
    expect(countSharedStrings(sst)).toBe(3);
  });
});
