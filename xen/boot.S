/* PVH entry of the Xen images.
 *
 * Xen (and QEMU's PVH loader) finds XEN_ELFNOTE_PHYS32_ENTRY below and
 * jumps there in 32-bit protected mode, paging off, flat segments, with
 * %ebx holding the physical address of struct hvm_start_info. We clear
 * the BSS, identity-map the first 4 GiB with 2 MiB pages, enter long
 * mode, enable SSE (the compiler may use it), load a small IDT whose
 * handlers report the fault, and call xen_start(start_info) on our own
 * stack. */

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

#define SEL_CODE64 0x08
#define SEL_DATA 0x10

#define STACK_SIZE (64 * 1024)

	.section .note.xen, "a"
	.balign 4
	.long 4			/* namesz: "Xen\0" */
	.long 8			/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad xen_pvh_start32

	.section .text.boot, "ax"
	.code32
	.globl xen_pvh_start32
xen_pvh_start32:
	cli
	cld
	mov %ebx, %esi			/* keep start_info across what follows */

	/* Zero the BSS (page tables and stack live there). */
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories; each PD
	 * entry maps 2 MiB, 2048 of them cover 4 GiB. */
	mov $boot_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pml4

	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov $boot_pdpt, %edi
	mov $4, %ecx
1:	mov %eax, (%edi)
	add $4096, %eax
	add $8, %edi
	loop 1b

	mov $(PTE_P | PTE_W | PTE_PS), %eax
	mov $boot_pd, %edi
	mov $2048, %ecx
2:	mov %eax, (%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 2b

	mov %cr4, %eax
	or $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4

	mov $boot_pml4, %eax
	mov %eax, %cr3

	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr

	lgdt boot_gdt_desc

	mov %cr0, %eax
	and $~CR0_EM, %eax
	or $(CR0_PE | CR0_MP | CR0_WP | CR0_PG), %eax
	mov %eax, %cr0

	ljmp $SEL_CODE64, $start64

	.code64
start64:
	mov $SEL_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs

	mov $boot_stack_top, %rsp
	xor %ebp, %ebp
	fninit

	/* IDT: 32 exception gates, each to its stub in xen_exc_stubs. */
	lea boot_idt(%rip), %rdi
	lea xen_exc_stubs(%rip), %rdx
	mov $32, %ecx
3:	mov %rdx, %rax
	mov %ax, (%rdi)			/* offset 15:0 */
	movw $SEL_CODE64, 2(%rdi)
	movw $0x8e00, 4(%rdi)		/* present, DPL 0, interrupt gate */
	shr $16, %rax
	mov %ax, 6(%rdi)		/* offset 31:16 */
	shr $16, %rax
	mov %eax, 8(%rdi)		/* offset 63:32 */
	movl $0, 12(%rdi)
	add $16, %rdi
	add $16, %rdx
	loop 3b
	lidt boot_idt_desc(%rip)

	mov %esi, %edi			/* zero-extends: start_info paddr */
	call xen_start
4:	cli
	hlt
	jmp 4b

/* Exception stubs, 16 bytes apart: push a dummy error code where the CPU
 * pushes none, then the vector, and go to the common handler. */
	.macro exc_stub vec
	.balign 16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || \
		(\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp exc_common
	.endm

	.balign 16
xen_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exc_stub \v
	.endr

exc_common:
	/* Stack: vector, error code, rip, cs, rflags, rsp, ss. */
	mov (%rsp), %rdi		/* vector */
	mov 8(%rsp), %rsi		/* error code */
	mov 16(%rsp), %rdx		/* rip */
	mov %cr2, %rcx
	and $~0xf, %rsp
	call xen_exception		/* does not return */
5:	cli
	hlt
	jmp 5b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt
boot_idt_desc:
	.word 32 * 16 - 1
	.quad boot_idt

	.section .bss
	.balign 4096
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096
boot_idt:
	.skip 32 * 16
	.balign 16
boot_stack:
	.skip STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
