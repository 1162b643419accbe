// linkify-it 5 ships no type declarations; the part we use.
declare module 'linkify-it' {
  interface Match {
    index: number;
    lastIndex: number;
    url: string;
    text: string;
    schema: string;
  }
  interface LinkifyIt {
    match(text: string): Match[] | null;
  }
  function linkify(): LinkifyIt;
  export = linkify;
}
