package cost

import (
	"reflect"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Registrations records what a running program registers, so that the program can price
// its own plan: a Pulumi program cannot read back the inputs of what it registered, but a
// stack transformation sees every registration, components' children included, with the
// inputs it was given ("Resource option: transformations", Pulumi docs,
// https://www.pulumi.com/docs/iac/concepts/resources/options/transformations/: a stack
// transformation applies to every resource constructed after it, children included).
// Transformations run in the SDK, synchronously inside each registration (the Go SDK's
// applyTransformations), unlike the engine-side transforms of RegisterResourceTransform,
// which the engine calls back later; so once a component's constructor returns, its
// resources are recorded. The docs announce transformations' deprecation in favour of
// transforms, whose advantage, reaching the children of packaged (multi-language)
// components, this program does not need: its components are local. Values known only
// after apply (Outputs) are recorded as computed; the estimator then reports the resource
// as unpriced rather than guessing.
type Registrations struct {
	mu        sync.Mutex
	resources []Resource
}

// Record starts recording every resource the stack registers from now on.
func (r *Registrations) Record(ctx *pulumi.Context) error {
	return ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		_, custom := args.Resource.(pulumi.CustomResource)
		inputs := property.Map{}
		if v, ok := inputValue(reflect.ValueOf(args.Props)); ok && v.IsMap() {
			inputs = v.AsMap()
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.resources = append(r.resources, Resource{Type: args.Type, Custom: custom, Inputs: inputs})
		return nil // record only: the registration goes on unchanged
	})
}

// Resources returns what has been registered so far, in registration order.
func (r *Registrations) Resources() []Resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Resource(nil), r.resources...)
}

var outputType = reflect.TypeFor[pulumi.Output]()

// inputValue turns a Go SDK input (an args struct of Input fields with `pulumi:"name"` tags,
// or any value inside one) into the property value the engine would receive when it is
// already known; ok is false when it is absent (nil), so that it reads as not set.
func inputValue(v reflect.Value) (property.Value, bool) {
	if !v.IsValid() {
		return property.Value{}, false
	}
	if v.Type().Implements(outputType) {
		if v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return property.Value{}, false
			}
		}
		return property.New(property.Computed), true
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return property.Value{}, false
		}
		return inputValue(v.Elem())
	case reflect.String:
		return property.New(v.String()), true
	case reflect.Bool:
		return property.New(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return property.New(float64(v.Int())), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return property.New(float64(v.Uint())), true
	case reflect.Float32, reflect.Float64:
		return property.New(v.Float()), true
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return property.Value{}, false
		}
		items := make([]property.Value, 0, v.Len())
		for i := range v.Len() {
			item, ok := inputValue(v.Index(i))
			if !ok {
				item = property.New(property.Null)
			}
			items = append(items, item)
		}
		return property.New(items), true
	case reflect.Map:
		if v.IsNil() || v.Type().Key().Kind() != reflect.String {
			return property.Value{}, false
		}
		entries := map[string]property.Value{}
		for iter := v.MapRange(); iter.Next(); {
			if item, ok := inputValue(iter.Value()); ok {
				entries[iter.Key().String()] = item
			}
		}
		return property.New(entries), true
	case reflect.Struct:
		// Generated args types carry no tags: as the SDK does when it marshals inputs, take
		// each field's name from the field of the same Go name in the input's element type.
		tagged := v.Type()
		if in, ok := interfaceOf(v).(pulumi.Input); ok {
			if et := in.ElementType(); et.Kind() == reflect.Struct {
				tagged = et
			}
		}
		fields := map[string]property.Value{}
		for i := range v.NumField() {
			field, ok := tagged.FieldByName(v.Type().Field(i).Name)
			name, _, _ := strings.Cut(field.Tag.Get("pulumi"), ",")
			if !ok || name == "" {
				continue
			}
			if item, ok := inputValue(v.Field(i)); ok {
				fields[name] = item
			}
		}
		return property.New(fields), true
	}
	return property.Value{}, false
}

// interfaceOf is v's value as an interface, nil where reflection may not expose it.
func interfaceOf(v reflect.Value) any {
	if !v.CanInterface() {
		return nil
	}
	return v.Interface()
}
