//! `#[declared]`: a public object type's `#[Object]` block is its one declaration. Each field's resolver is the
//! executor's; the same block also yields the planned path's `Declared` impl, so no second list of field names
//! exists anywhere:
//!
//! - a field whose resolver takes only `&self` is a value read off the row, by calling that resolver;
//! - a field marked `#[plan(expr)]` is read as `expr` declares (a relation, an embedded object, a value computed
//!   otherwise for the public);
//! - any other field (one that reads the viewer or the database, or takes arguments) is the executor's.
//!
//! `#[declared(node)]` makes the type a node whose fields left to the executor are asked for by its global id.
//!
//! A field that is the row's column of the same name needs no body: `async fn households(&self) -> i32;` reads
//! `self.0.households` (see [`column_body`] for the types it converts), so a record type lists its columns and
//! their descriptions, not the same one-line bodies again.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Expr, Fields, FnArg, ImplItem, ImplItemFn, Item, ItemImpl, ItemStruct, LitStr, Meta, ReturnType, Token,
    Type, parse_macro_input,
};

#[proc_macro_attribute]
pub fn declared(attr: TokenStream, item: TokenStream) -> TokenStream {
    let options = parse_macro_input!(attr with Punctuated::<Meta, Token![,]>::parse_terminated);
    let expanded = match parse_macro_input!(item as Item) {
        Item::Impl(mut block) => expand(&options, &mut block).map(|declared| quote!(#block #declared)),
        Item::Struct(mut object) => expand_struct(&options, &mut object).map(|declared| quote!(#object #declared)),
        other => Err(syn::Error::new_spanned(other, "`#[declared]` goes on an `#[Object]` block or a `SimpleObject`")),
    };
    expanded.unwrap_or_else(|error| error.to_compile_error()).into()
}

/// `#[columns]`: only the bodies of the fields declared without one (as in `#[declared]`), for an `#[Object]` block
/// the planned path does not answer (a kind only staff see).
#[proc_macro_attribute]
pub fn columns(_attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut block = parse_macro_input!(item as ItemImpl);
    fill_columns(&mut block).map_or_else(|error| error.to_compile_error(), |()| block.to_token_stream()).into()
}

/// Gives each field declared without a body the body that reads its column.
fn fill_columns(block: &mut ItemImpl) -> syn::Result<()> {
    for item in &mut block.items {
        if let ImplItem::Verbatim(tokens) = item {
            *item = ImplItem::Fn(column_field(tokens.clone())?);
        }
    }
    Ok(())
}

/// A part of the query type: each root field marked `#[plan(root)]` is answered by that root's declaration (a
/// `Find` or a `List` its resolver calls); the others are the executor's.
fn expand_roots(block: &mut ItemImpl) -> syn::Result<Tokens> {
    let declare = quote!(crate::graphql::direct::declare);
    let mut arms = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(method) = item else { continue };
        let Some(plan) = take_plan(&mut method.attrs)? else { continue };
        let Some(name) = field_name(method)? else {
            return Err(syn::Error::new_spanned(plan, "`#[plan]` on a field the schema skips"));
        };
        arms.push(quote!(#name => ::std::boxed::Box::new(#plan),));
    }
    let self_ty = &block.self_ty;
    Ok(quote! {
        impl #declare::DeclaredRoots for #self_ty {
            fn root(name: &str) -> Option<::std::boxed::Box<dyn #declare::RootDecl>> {
                Some(match name {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    })
}

/// A `SimpleObject`: each field is a value read off the struct, or read as its `#[plan(expr)]` declares.
fn expand_struct(options: &Punctuated<Meta, Token![,]>, object: &mut ItemStruct) -> syn::Result<Tokens> {
    if let Some(option) = options.first() {
        return Err(syn::Error::new_spanned(option, "a `SimpleObject` takes no options"));
    }
    let Fields::Named(fields) = &mut object.fields else {
        return Err(syn::Error::new_spanned(object, "`#[declared]` reads a struct's named fields"));
    };
    let declare = quote!(crate::graphql::direct::declare);
    let mut arms = Vec::new();
    for field in &mut fields.named {
        let plan = take_plan(&mut field.attrs)?;
        let ident = field.ident.as_ref().expect("named");
        let Some(name) = graphql_name(&field.attrs, ident)? else { continue };
        if let Some(plan) = plan {
            arms.push(quote!(#name => #plan,));
            continue;
        }
        let Some(convert) = conversion(&field.ty) else {
            return Err(syn::Error::new_spanned(&field.ty, "a field of a `SimpleObject` is a value"));
        };
        arms.push(quote! {
            #name => #declare::Decl::Value(|row: &Self| {
                let field = ::std::clone::Clone::clone(&row.#ident);
                #convert
            }),
        });
    }
    let ident = &object.ident;
    let typename = LitStr::new(&ident.to_string(), ident.span());
    let (impl_generics, type_generics, where_clause) = object.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics #declare::Declared for #ident #type_generics #where_clause {
            const TYPENAME: &'static str = #typename;
            fn field(name: &str) -> Option<#declare::Decl<Self>> {
                Some(match name {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    })
}

fn expand(options: &Punctuated<Meta, Token![,]>, block: &mut ItemImpl) -> syn::Result<Tokens> {
    let mut node = false;
    let mut typename = None;
    for option in options {
        match option {
            Meta::Path(path) if path.is_ident("roots") => return expand_roots(block),
            Meta::Path(path) if path.is_ident("node") => node = true,
            Meta::NameValue(pair) if pair.path.is_ident("name") => typename = Some(pair.value.to_token_stream()),
            other => return Err(syn::Error::new_spanned(other, "expected `node`, `roots` or `name = \"…\"`")),
        }
    }
    fill_columns(block)?;
    let self_ty = &block.self_ty;
    let typename = match typename {
        Some(name) => name,
        None => type_name(self_ty)?.to_token_stream(),
    };
    let declare = quote!(crate::graphql::direct::declare);
    let mut arms = Vec::new();
    let mut row_reads = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(method) = item else { continue };
        let plan = take_plan(&mut method.attrs)?;
        let Some(name) = field_name(method)? else {
            if let Some(plan) = plan {
                return Err(syn::Error::new_spanned(plan, "`#[plan]` on a field the schema skips"));
            }
            continue;
        };
        let decl = match plan {
            Some(expr) => expr.to_token_stream(),
            None => match read_off_the_row(method) {
                Some((decl, read)) => {
                    row_reads.push(read);
                    decl
                }
                None => quote!(#declare::Decl::Executor),
            },
        };
        arms.push(quote!(#name => #decl,));
    }
    let node_id = node.then(|| {
        quote! {
            const NODE_ID: Option<fn(&Self) -> String> = Some(|row| #declare::node_id(&row.0));
        }
    });
    let (impl_generics, _, where_clause) = block.generics.split_for_impl();
    Ok(quote! {
        // The resolvers of the fields read off the row, which the executor's resolvers call (async-graphql turns
        // those into functions of the context).
        impl #impl_generics #self_ty #where_clause {
            #(#row_reads)*
        }

        impl #declare::Declared for #self_ty {
            const TYPENAME: &'static str = #typename;
            #node_id
            fn field(name: &str) -> Option<#declare::Decl<Self>> {
                Some(match name {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    })
}

/// A field declared without a body (`/// doc` `async fn name(&self) -> Type;`), given the body that reads the
/// row's column `name`.
fn column_field(tokens: Tokens) -> syn::Result<ImplItemFn> {
    let parser = |input: syn::parse::ParseStream| {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        let sig: syn::Signature = input.parse()?;
        input.parse::<Token![;]>()?;
        Ok((attrs, vis, sig))
    };
    let (attrs, vis, sig) = syn::parse::Parser::parse2(parser, tokens)?;
    let only_self = sig.inputs.len() == 1 && matches!(sig.inputs.first(), Some(FnArg::Receiver(_)));
    let ReturnType::Type(_, output) = &sig.output else {
        return Err(syn::Error::new_spanned(&sig, "a field without a body names the type of its column"));
    };
    if !only_self {
        return Err(syn::Error::new_spanned(&sig.inputs, "a field without a body takes only `&self`"));
    }
    let body = column_body(&sig.ident, output);
    Ok(syn::parse_quote!(#(#attrs)* #vis #sig { #body }))
}

/// How the column `ident` of the row (`self.0`) becomes a field of type `output`: `id: ID` is the row's global id,
/// text is borrowed, a day, a moment, an amount or an area is wrapped in its scalar, anything else is copied (a type
/// that is not `Copy` fails to compile: write the body).
fn column_body(ident: &syn::Ident, output: &Type) -> Tokens {
    let spelled: String = output.to_token_stream().to_string().chars().filter(|c| !c.is_whitespace()).collect();
    match spelled.as_str() {
        "ID" if ident == "id" => quote!(global_id(&self.0)),
        "Money" | "Area" => quote!(#output::stored(self.0.#ident)),
        "&str" => quote!(&self.0.#ident),
        "Option<&str>" => quote!(self.0.#ident.as_deref()),
        "Date" | "DateTime" => quote!(#output(self.0.#ident)),
        "Option<Date>" => quote!(self.0.#ident.map(Date)),
        "Option<DateTime>" => quote!(self.0.#ident.map(DateTime)),
        _ => quote!(self.0.#ident),
    }
}

/// The type's name in the schema: its Rust name.
fn type_name(ty: &Type) -> syn::Result<LitStr> {
    if let Type::Path(path) = ty
        && let Some(last) = path.path.segments.last()
    {
        return Ok(LitStr::new(&last.ident.to_string(), last.ident.span()));
    }
    Err(syn::Error::new_spanned(ty, "`#[declared]` goes on the `#[Object]` block of a named type"))
}

/// Removes the method's `#[plan(expr)]` and gives its expression.
fn take_plan(attrs: &mut Vec<Attribute>) -> syn::Result<Option<Expr>> {
    let mut plan = None;
    let mut error = None;
    attrs.retain(|attr| {
        if !attr.path().is_ident("plan") {
            return true;
        }
        match attr.parse_args::<Expr>() {
            Ok(expr) => plan = Some(expr),
            Err(e) => error = Some(e),
        }
        false
    });
    match error {
        Some(error) => Err(error),
        None => Ok(plan),
    }
}

/// The field's name as async-graphql gives it (`#[graphql(name = …)]`, or the method's name in camelCase); `None`
/// for a method the schema skips.
fn field_name(method: &ImplItemFn) -> syn::Result<Option<LitStr>> {
    graphql_name(&method.attrs, &method.sig.ident)
}

/// The name async-graphql gives the field `ident` with these attributes; `None` when it skips it.
fn graphql_name(attrs: &[Attribute], ident: &syn::Ident) -> syn::Result<Option<LitStr>> {
    let mut renamed = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("graphql")) {
        let mut skip = false;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                skip = true;
            } else if meta.path.is_ident("name") {
                renamed = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.input.peek(Token![=]) {
                // Other options (`complexity = "…"`, `desc = "…"`) are the executor's.
                meta.value()?.parse::<Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(Token![=]) {
                        inner.value()?.parse::<Expr>()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        if skip {
            return Ok(None);
        }
    }
    Ok(Some(renamed.unwrap_or_else(|| LitStr::new(&camel_case(&ident.to_string()), ident.span()))))
}

/// `notice_days` → `noticeDays`, as async-graphql names fields.
fn camel_case(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A field read off the row when its resolver takes nothing but the row: its body moves into a plain function
/// that both the resolver and the declared value call (so a body that waits on anything does not compile; mark it
/// `#[plan(Decl::Executor)]`). Gives the declaration and the function; `None` for any other field.
fn read_off_the_row(method: &mut ImplItemFn) -> Option<(Tokens, Tokens)> {
    let only_self = method.sig.inputs.len() == 1 && matches!(method.sig.inputs.first(), Some(FnArg::Receiver(_)));
    let ReturnType::Type(_, output) = &method.sig.output else { return None };
    let convert = only_self.then(|| conversion(output)).flatten()?;
    let ident = &method.sig.ident;
    let read = syn::Ident::new(&format!("__field_{ident}"), ident.span());
    let mut sig = method.sig.clone();
    sig.asyncness = None;
    sig.ident = read.clone();
    let body = std::mem::replace(&mut method.block, syn::parse_quote!({ self.#read() }));
    let function = quote! {
        #[inline]
        #sig #body
    };
    let declare = quote!(crate::graphql::direct::declare);
    let decl = quote!(#declare::Decl::Value(|row: &Self| { let field = row.#read(); #convert }));
    Some((decl, function))
}

/// How the value `field` of the resolver's type becomes the value the executor writes; `None` for a type that
/// may fail (a `Result`: the executor's).
fn conversion(output: &Type) -> Option<Tokens> {
    let spelled: String = output.to_token_stream().to_string().chars().filter(|c| !c.is_whitespace()).collect();
    let spelled = spelled.replace("&'static", "&");
    Some(match spelled.as_str() {
        "&str" => quote!(::async_graphql::Value::String(field.to_owned())),
        "Option<&str>" => {
            quote!(field.map_or(::async_graphql::Value::Null, |text| ::async_graphql::Value::String(text.to_owned())))
        }
        "Vec<&str>" => quote! {
            ::async_graphql::Value::List(
                field.into_iter().map(|text| ::async_graphql::Value::String(text.to_owned())).collect(),
            )
        },
        _ if spelled.starts_with("Result<") || spelled.contains("::Result<") => return None,
        _ if spelled.starts_with("&[") => quote!(crate::graphql::direct::declare::value(field.to_vec())),
        _ => quote!(crate::graphql::direct::declare::value(field)),
    })
}

#[cfg(test)]
mod tests {
    use super::{camel_case, column_field};
    use quote::{ToTokens, quote};

    /// The body a field declared without one is given, as written.
    fn body(field: proc_macro2::TokenStream) -> String {
        column_field(field).unwrap().block.to_token_stream().to_string()
    }

    #[test]
    fn a_field_without_a_body_reads_its_column_as_its_type_wants() {
        let read = |field| body(field).replace(' ', "");
        assert_eq!(
            read(quote!(
                async fn households(&self) -> i32;
            )),
            "{self.0.households}"
        );
        assert_eq!(
            read(quote!(
                pub async fn id(&self) -> ID;
            )),
            "{global_id(&self.0)}"
        );
        assert_eq!(
            read(quote!(
                async fn name(&self) -> &str;
            )),
            "{&self.0.name}"
        );
        assert_eq!(
            read(quote!(
                async fn phone(&self) -> Option<&str>;
            )),
            "{self.0.phone.as_deref()}"
        );
        assert_eq!(
            read(quote!(
                async fn budget(&self) -> Money;
            )),
            "{Money::stored(self.0.budget)}"
        );
        assert_eq!(
            read(quote!(
                async fn updated_at(&self) -> DateTime;
            )),
            "{DateTime(self.0.updated_at)}"
        );
        assert_eq!(
            read(quote!(
                async fn retired_on(&self) -> Option<Date>;
            )),
            "{self.0.retired_on.map(Date)}"
        );
        // The doc comment and the attributes stay on the field.
        let field = column_field(quote!(
            #[doc = "户数"]
            #[graphql(name = "n")]
            async fn households(&self) -> i32;
        ));
        assert_eq!(field.unwrap().attrs.len(), 2);
    }

    #[test]
    fn a_field_without_a_body_that_is_not_a_column_is_refused() {
        assert!(
            column_field(quote!(
                async fn total(&self, first: i32) -> i32;
            ))
            .is_err()
        );
        assert!(
            column_field(quote!(
                async fn nothing(&self);
            ))
            .is_err()
        );
        assert!(
            column_field(quote!(
                async fn households(&self) -> i32 {
                    1
                }
            ))
            .is_err()
        );
    }

    #[test]
    fn fields_are_named_as_async_graphql_names_them() {
        assert_eq!(camel_case("notice_days"), "noticeDays");
        assert_eq!(camel_case("id"), "id");
        assert_eq!(camel_case("r#type"), "type");
        assert_eq!(camel_case("b07_points"), "b07Points");
    }
}
