//! Serialises a value straight into the `regorus::Value` a policy reads as
//! `input`, as `serde_json` would write it but with every `null` object
//! entry left out (an unset option is undefined in Rego, not `null`).
//!
//! Going through `serde_json::Value` first built every node twice (once as
//! JSON, once as Rego) and cost more than evaluating the policies did.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use regorus::Value;
use serde::ser::{self, Serialize};

type Error = serde_json::Error;

/// `value` as Rego reads it; an error only where JSON has no shape for it (a
/// map whose keys are not text or numbers).
pub fn to_rego<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    value.serialize(Serializer)
}

/// [`to_rego`] with every `Spanned` part written as its span
/// (`source::spans_of`).
pub fn spans_to_rego<T: Serialize>(value: &T) -> Result<Value, Error> {
    crate::source::spans_of(value, Serializer)
}

struct Serializer;

thread_local! {
    /// Field names as Rego text, made once and shared by every object.
    static NAMES: RefCell<HashMap<&'static str, Value>> = RefCell::new(HashMap::new());
}

fn name(key: &'static str) -> Value {
    NAMES.with(|names| {
        names
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| Value::from(key))
            .clone()
    })
}

/// The entries of an object, `null` ones dropped; keys that JSON would
/// write as text (numbers, booleans) become text.
#[derive(Default)]
struct Entries {
    entries: Vec<(Value, Value)>,
    key: Option<Value>,
}

impl Entries {
    fn insert(&mut self, key: Value, value: Value) {
        if value != Value::Null {
            self.entries.push((key, value));
        }
    }

    /// Sorted at once (the last of equal keys wins), which costs less than
    /// inserting each entry in order.
    fn into_value(self) -> Value {
        Value::from(self.entries.into_iter().collect::<BTreeMap<_, _>>())
    }
}

fn key_of(key: Value) -> Result<Value, Error> {
    match key {
        Value::String(_) => Ok(key),
        Value::Number(_) | Value::Bool(_) => Ok(Value::from(key.to_string())),
        _ => Err(ser::Error::custom("a map key must be text or a number")),
    }
}

/// `{variant: value}`, as serde_json writes a variant that holds data.
fn tagged(variant: &str, value: Value) -> Value {
    let mut entries = Entries::default();
    entries.insert(Value::from(variant), value);
    entries.into_value()
}

/// An array, or a variant's array (`{variant: [...]}`).
struct Items {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

impl Items {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        Items {
            items: Vec::with_capacity(len.unwrap_or_default()),
            variant,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(to_rego(value)?);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        let array = Value::from(self.items);
        Ok(match self.variant {
            Some(variant) => tagged(variant, array),
            None => array,
        })
    }
}

/// An object, or a variant's object (`{variant: {...}}`).
struct Fields {
    entries: Entries,
    variant: Option<&'static str>,
}

impl Fields {
    fn new(variant: Option<&'static str>) -> Self {
        Fields {
            entries: Entries::default(),
            variant,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.entries.insert(name(key), to_rego(value)?);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        let object = self.entries.into_value();
        Ok(match self.variant {
            Some(variant) => tagged(variant, object),
            None => object,
        })
    }
}

impl ser::Serializer for Serializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Entries;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Fields;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        // As serde_json: a number JSON cannot write is `null`.
        Ok(if v.is_finite() {
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::from(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::from(
            v.iter()
                .map(|b| Value::from(u64::from(*b)))
                .collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        to_rego(value)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        to_rego(value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        Ok(tagged(variant, to_rego(value)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, Error> {
        Ok(Items::new(len, None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, Error> {
        Ok(Items::new(Some(len), None))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, Error> {
        Ok(Items::new(Some(len), None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items, Error> {
        Ok(Items::new(Some(len), Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries, Error> {
        Ok(Entries::default())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, Error> {
        Ok(Fields::new(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields, Error> {
        Ok(Fields::new(Some(variant)))
    }
}

/// serde asks the same of an array under four names.
macro_rules! serialize_items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Items {
            type Ok = Value;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Value, Error> {
                Items::end(self)
            }
        }
    )*};
}

serialize_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Entries {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_of(to_rego(key)?)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ser::Error::custom("a map value without its key"))?;
        self.insert(key, to_rego(value)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.into_value())
    }
}

/// And the same of an object under two.
macro_rules! serialize_fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Fields {
            type Ok = Value;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<Value, Error> {
                Fields::end(self)
            }
        }
    )*};
}

serialize_fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the policies read before: serde_json's value, `null` entries
    /// dropped, converted.
    fn through_json<T: Serialize>(value: &T) -> Value {
        fn drop_unset(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.retain(|_, v| !v.is_null());
                    map.values_mut().for_each(drop_unset);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(drop_unset),
                _ => {}
            }
        }
        let mut json = serde_json::to_value(value).expect("JSON");
        drop_unset(&mut json);
        Value::from(json)
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, f64),
        Struct {
            name: Option<String>,
            bytes: Vec<u8>,
        },
    }

    #[derive(serde::Serialize)]
    struct Sample {
        unset: Option<u32>,
        set: Option<i64>,
        text: &'static str,
        letter: char,
        shapes: Vec<Shape>,
        nulls_in_arrays_stay: Vec<Option<bool>>,
        by_number: BTreeMap<u16, Option<&'static str>>,
        pair: (bool, f32),
        infinite: f64,
    }

    #[test]
    fn it_builds_what_the_json_route_built() {
        let sample = Sample {
            unset: None,
            set: Some(-3),
            text: "a",
            letter: 'é',
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, 0.5),
                Shape::Struct {
                    name: None,
                    bytes: vec![1, 2],
                },
            ],
            nulls_in_arrays_stay: vec![None, Some(true)],
            by_number: BTreeMap::from([(1, Some("one")), (2, None)]),
            pair: (false, 1.5),
            infinite: f64::INFINITY,
        };
        let direct = to_rego(&sample).expect("a value");
        assert_eq!(direct, through_json(&sample));
        assert_eq!(
            serde_json::to_value(&direct).expect("JSON"),
            json!({
                "set": -3, "text": "a", "letter": "é",
                "shapes": ["Unit", {"Newtype": 7}, {"Tuple": [-1, 0.5]}, {"Struct": {"bytes": [1, 2]}}],
                "nulls_in_arrays_stay": [null, true],
                "by_number": {"1": "one"},
                "pair": [false, 1.5]
            })
        );
    }
}
