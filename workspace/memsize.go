package workspace

import (
	"reflect"
)

// memSize estimates the memory the value v points to holds, on the safe side, by walking
// it: the pointed-to structs, the backing arrays of slices (their capacity), strings'
// bytes, and maps at twice their entries' size (the room Go's maps keep to grow, and their
// control bytes) plus a fixed cost each. Allocations are taken as alloc does. Values
// reached twice through pointers are counted each time, which only overestimates; cycles
// are not followed (the values cached here have none).
func memSize(v any) int64 {
	return walkSize(reflect.ValueOf(v), 0)
}

// walkSize returns what v holds beyond its own bytes (its type's size, counted by its
// container). Past depth 32 it stops: nothing cached here nests so deep.
func walkSize(v reflect.Value, depth int) int64 {
	if depth > 32 || !v.IsValid() {
		return 0
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return alloc(int(v.Type().Elem().Size())) + walkSize(v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return alloc(int(e.Type().Size())) + walkSize(e, depth+1)
	case reflect.String:
		return alloc(v.Len())
	case reflect.Slice:
		if v.IsNil() {
			return 0
		}
		n := alloc(v.Cap() * int(v.Type().Elem().Size()))
		for i := range v.Len() {
			n += walkSize(v.Index(i), depth+1)
		}
		return n
	case reflect.Array:
		n := int64(0)
		for i := range v.Len() {
			n += walkSize(v.Index(i), depth+1)
		}
		return n
	case reflect.Struct:
		n := int64(0)
		for i := range v.NumField() {
			n += walkSize(v.Field(i), depth+1)
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		entry := int(v.Type().Key().Size()+v.Type().Elem().Size()) + 1
		n := alloc(2*v.Len()*entry) + 64
		for it := v.MapRange(); it.Next(); {
			n += walkSize(it.Key(), depth+1) + walkSize(it.Value(), depth+1)
		}
		return n
	}
	return 0
}
