package nn

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/simdml/simdml/tensor"
)

// NamedTensor is a tensor to write into a safetensors file under Name.
type NamedTensor struct {
	Name  string
	Value *tensor.Tensor
}

// WriteSafetensors writes tensors as F32, in the given order, with metadata
// in the "__metadata__" entry, to w in the safetensors format. The header
// is padded with spaces to a multiple of 8 bytes, as the reference
// implementation does, so the data that follows stays aligned.
func WriteSafetensors(w io.Writer, tensors []NamedTensor, metadata map[string]string) error {
	header, err := safetensorsHeader(tensors, metadata)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var lenBuf [8]byte
	binary.LittleEndian.PutUint64(lenBuf[:], uint64(len(header)))
	bw.Write(lenBuf[:])
	bw.Write(header)
	var b [4]byte
	for _, nt := range tensors {
		for _, v := range nt.Value.Data() {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			bw.Write(b[:])
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("nn: safetensors: writing: %w", err)
	}
	return nil
}

// safetensorsHeader builds the padded JSON header for tensors and metadata.
func safetensorsHeader(tensors []NamedTensor, metadata map[string]string) ([]byte, error) {
	var sb strings.Builder
	sb.WriteByte('{')
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sb.WriteString(`"__metadata__":{`)
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeJSONString(&sb, k)
			sb.WriteByte(':')
			writeJSONString(&sb, metadata[k])
		}
		sb.WriteByte('}')
	}
	seen := map[string]bool{metadataKey: true}
	var off uint64
	for i, nt := range tensors {
		if nt.Value == nil {
			return nil, fmt.Errorf("nn: safetensors: tensor %q is nil", nt.Name)
		}
		if seen[nt.Name] {
			return nil, fmt.Errorf("nn: safetensors: tensor name %q is duplicate or reserved", nt.Name)
		}
		seen[nt.Name] = true
		if i > 0 || len(metadata) > 0 {
			sb.WriteByte(',')
		}
		writeJSONString(&sb, nt.Name)
		end := off + 4*uint64(nt.Value.Len())
		fmt.Fprintf(&sb, `:{"dtype":"F32","shape":%s,"data_offsets":[%d,%d]}`, jsonInts(nt.Value.Shape()), off, end)
		off = end
	}
	sb.WriteByte('}')
	for sb.Len()%8 != 0 {
		sb.WriteByte(' ')
	}
	return []byte(sb.String()), nil
}

func writeJSONString(sb *strings.Builder, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	sb.Write(b)
}

func jsonInts(v []int) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, d := range v {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(d))
	}
	sb.WriteByte(']')
	return sb.String()
}

// SaveSafetensors writes tensors and metadata (see WriteSafetensors) to the
// file path atomically: it writes a temporary file in the same directory,
// syncs it, renames it over path and syncs the directory, so a reader sees
// either the old file or the complete new one.
func SaveSafetensors(path string, tensors []NamedTensor, metadata map[string]string) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		return WriteSafetensors(w, tensors, metadata)
	})
}

// LoadSafetensors reads and parses the safetensors file at path.
func LoadSafetensors(path string) (*Safetensors, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nn: safetensors: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("nn: safetensors: %w", err)
	}
	st, err := ReadSafetensors(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return st, nil
}

// writeFileAtomic writes path through a synced temporary file and a rename.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	// CreateTemp makes the file 0600; a model file is data to share, so give
	// it the mode os.WriteFile callers conventionally ask for.
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	if err = write(f); err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("nn: saving %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory;
// there the rename alone is used.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("nn: syncing directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("nn: syncing directory %s: %w", dir, err)
	}
	return nil
}
